using System;
using System.Collections.Generic;
using System.Text;

namespace Rnn.Native
{
    /// <summary>
    /// Reads and edits the symbol-version requirements (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF shared library.
    /// Used to mark a version requirement weak (VER_FLG_WEAK) so the dynamic loader accepts a library whose only use
    /// of that version is a symbol that is never called.
    /// </summary>
    internal static class ElfVersionPatcher
    {
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const uint ShtGnuVersym = 0x6fffffff;
        private const uint ShtDynsym = 11;
        private const uint ShtDynamic = 6;
        internal const ushort VerFlagWeak = 0x2;

        /// <summary>One required version: the library that provides it, its name, flags and index.</summary>
        internal readonly record struct VersionNeed(string File, string Name, ushort Flags, ushort Index, int FlagsOffset);

        /// <summary>Lists the version requirements of the ELF image.</summary>
        /// <exception cref="FormatException">The bytes are not a 64-bit little-endian ELF image.</exception>
        internal static List<VersionNeed> ReadVersionNeeds(byte[] elf)
        {
            var result = new List<VersionNeed>();
            var (sections, _) = ReadSections(elf);
            foreach (var s in sections)
            {
                if (s.Type != ShtGnuVerneed) continue;
                var strtab = sections[(int)s.Link];
                long entry = s.Offset;
                for (int i = 0; i < s.Info; i++)
                {
                    ushort cnt = U16(elf, entry + 2);
                    string file = Str(elf, strtab.Offset + U32(elf, entry + 4));
                    long aux = entry + U32(elf, entry + 8);
                    for (int j = 0; j < cnt; j++)
                    {
                        ushort flags = U16(elf, aux + 4);
                        ushort other = U16(elf, aux + 6);
                        string name = Str(elf, strtab.Offset + U32(elf, aux + 8));
                        result.Add(new VersionNeed(file, name, flags, other, checked((int)(aux + 4))));
                        uint nextAux = U32(elf, aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint next = U32(elf, entry + 12);
                    if (next == 0) break;
                    entry += next;
                }
            }
            return result;
        }

        /// <summary>Names of the dynamic symbols bound to the version with index <paramref name="versionIndex"/>.</summary>
        internal static List<string> SymbolsWithVersion(byte[] elf, ushort versionIndex)
        {
            var (sections, _) = ReadSections(elf);
            Section? versym = null, dynsym = null;
            foreach (var s in sections)
            {
                if (s.Type == ShtGnuVersym) versym = s;
                if (s.Type == ShtDynsym) dynsym = s;
            }
            var names = new List<string>();
            if (versym is null || dynsym is null) return names;
            var strtab = sections[(int)dynsym.Value.Link];
            long count = dynsym.Value.Size / 24;
            for (long i = 0; i < count; i++)
            {
                ushort v = (ushort)(U16(elf, versym.Value.Offset + 2 * i) & 0x7fff);
                if (v != versionIndex) continue;
                long sym = dynsym.Value.Offset + 24 * i;
                names.Add(Str(elf, strtab.Offset + U32(elf, sym)));
            }
            return names;
        }

        /// <summary>The DT_NEEDED entries: the libraries this one links against.</summary>
        internal static List<string> NeededLibraries(byte[] elf)
        {
            var (sections, _) = ReadSections(elf);
            var needed = new List<string>();
            foreach (var s in sections)
            {
                if (s.Type != ShtDynamic) continue;
                var strtab = sections[(int)s.Link];
                for (long e = s.Offset; e + 16 <= s.Offset + s.Size; e += 16)
                {
                    long tag = (long)U64(elf, e);
                    if (tag == 0) break;
                    if (tag == 1) needed.Add(Str(elf, strtab.Offset + (long)U64(elf, e + 8)));
                }
            }
            return needed;
        }

        /// <summary>Sets VER_FLG_WEAK on the requirement named <paramref name="versionName"/>. Returns false if it is absent.</summary>
        internal static bool MarkWeak(byte[] elf, string versionName)
        {
            bool found = false;
            foreach (var need in ReadVersionNeeds(elf))
            {
                if (need.Name != versionName) continue;
                ushort flags = (ushort)(need.Flags | VerFlagWeak);
                elf[need.FlagsOffset] = (byte)flags;
                elf[need.FlagsOffset + 1] = (byte)(flags >> 8);
                found = true;
            }
            return found;
        }

        private readonly record struct Section(uint Type, long Offset, long Size, uint Link, uint Info);

        private static (List<Section> Sections, int Count) ReadSections(byte[] elf)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new FormatException("not an ELF file (bad magic)");
            if (elf[4] != 2 || elf[5] != 1)
                throw new FormatException("only 64-bit little-endian ELF files are supported");
            long shoff = (long)U64(elf, 0x28);
            ushort shentsize = U16(elf, 0x3a);
            ushort shnum = U16(elf, 0x3c);
            if (shentsize != 64 || shoff <= 0 || shoff + (long)shnum * 64 > elf.Length)
                throw new FormatException("truncated or malformed ELF section header table");
            var list = new List<Section>(shnum);
            for (int i = 0; i < shnum; i++)
            {
                long h = shoff + 64L * i;
                var s = new Section(U32(elf, h + 4), (long)U64(elf, h + 0x18), (long)U64(elf, h + 0x20), U32(elf, h + 0x28), U32(elf, h + 0x2c));
                if (s.Type != 8 /* NOBITS */ && (s.Offset < 0 || s.Offset + s.Size > elf.Length))
                    throw new FormatException($"ELF section {i} lies outside the file");
                list.Add(s);
            }
            return (list, shnum);
        }

        private static ushort U16(byte[] b, long o) => (ushort)(b[o] | b[o + 1] << 8);
        private static uint U32(byte[] b, long o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
        private static ulong U64(byte[] b, long o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;

        private static string Str(byte[] b, long o)
        {
            long end = o;
            while (end < b.Length && b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, checked((int)o), checked((int)(end - o)));
        }
    }
}
