#!/usr/bin/env python3
"""Builds samples/data/kjv and samples/data/cmudict from Debian packages (see the README.md in each folder).

Usage: python3 make-kjv-cmudict.py DATA_DIR

DATA_DIR is samples/data. The script downloads bible-kjv 4.38, bible-kjv-text 4.38 and festlex-cmu 2.4-2 with
`apt-get download` (Debian 12 "bookworm" sources; nothing is installed) into a temporary folder, unpacks them with
`dpkg -x` and writes:

- kjv/kjv.txt.gz: the whole King James Bible as `bible -p usr/lib Gen1:1-Rev22:21` prints it (the package's own
  program, run from the unpacked package), unchanged;
- cmudict/cmudict.tsv.gz: `word<TAB>phonemes` lines from /usr/share/festival/dicts/cmu/cmudict-0.4.out, whose entries
  read `("word" pos (((ph ph) stress) ((ph) stress) ...))`. Only words matching ^[a-z]+$ are kept (capitalised words,
  abbreviations and words with digits, apostrophes, dots or hyphens go), only the first entry of a word (homographs
  with another part of speech go), and the syllable brackets and stress digits are dropped, leaving the phonemes
  separated by single spaces, in the file's order;
- kjv/bible-kjv.copyright and cmudict/festlex-cmu.copyright: the packages' Debian copyright files, unchanged.

Both texts are compressed with `gzip -9 -n` (no name or time stamp), so the output is byte-for-byte the committed files.
"""
import os
import re
import subprocess
import sys
import tempfile

PACKAGES = {"bible-kjv": "4.38", "bible-kjv-text": "4.38", "festlex-cmu": "2.4-2"}
CMUDICT = "usr/share/festival/dicts/cmu/cmudict-0.4.out"
ENTRY = re.compile(r'^\("([^"]*)" (\S+) \((.*)\)\)$')
SYLLABLE = re.compile(r"\(\(([a-z ]+)\) [0-9]\)")
WORD = re.compile(r"^[a-z]+$")


def unpack(work):
    """Downloads and unpacks the packages at their pinned versions into work/root; returns that folder."""
    root = os.path.join(work, "root")
    subprocess.run(["apt-get", "download"] + [f"{p}={v}" for p, v in PACKAGES.items()], cwd=work, check=True)
    for name in sorted(os.listdir(work)):
        if name.endswith(".deb"):
            subprocess.run(["dpkg", "-x", name, root], cwd=work, check=True)
    return root


def gzip_to(data, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        subprocess.run(["gzip", "-9", "-n"], input=data, stdout=out, check=True)


def copy(source, path):
    with open(source, "rb") as f, open(path, "wb") as out:
        out.write(f.read())


def lexicon(path):
    """The word<TAB>phonemes lines of cmudict-0.4.out, as described above."""
    lines, seen = [], set()
    with open(path, encoding="ascii") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if number == 1 and line == "MNCL":  # Festival's header of a compiled lexicon
                continue
            entry = ENTRY.match(line)
            if not entry:
                raise ValueError(f"{path}:{number}: not a lexicon entry: {line!r}")
            word, _, syllables = entry.groups()
            if not WORD.match(word) or word in seen:
                continue
            phonemes = [p for syllable in SYLLABLE.findall(syllables) for p in syllable.split()]
            if SYLLABLE.sub("", syllables).strip() or not phonemes:
                raise ValueError(f"{path}:{number}: unexpected syllables: {syllables!r}")
            seen.add(word)
            lines.append(word + "\t" + " ".join(phonemes) + "\n")
    return "".join(lines)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    out = sys.argv[1]
    with tempfile.TemporaryDirectory() as work:
        root = unpack(work)
        kjv = subprocess.run([os.path.join(root, "usr/bin/bible"), "-p", os.path.join(root, "usr/lib"), "Gen1:1-Rev22:21"],
                             stdout=subprocess.PIPE, check=True).stdout
        gzip_to(kjv, os.path.join(out, "kjv", "kjv.txt.gz"))
        copy(os.path.join(root, "usr/share/doc/bible-kjv/copyright"), os.path.join(out, "kjv", "bible-kjv.copyright"))
        print(f"kjv: {len(kjv):,} bytes, {len(kjv.splitlines()):,} lines")
        text = lexicon(os.path.join(root, CMUDICT))
        gzip_to(text.encode("ascii"), os.path.join(out, "cmudict", "cmudict.tsv.gz"))
        copy(os.path.join(root, "usr/share/doc/festlex-cmu/copyright"), os.path.join(out, "cmudict", "festlex-cmu.copyright"))
        words = text.splitlines()
        phonemes = {p for w in words for p in w.split("\t")[1].split()}
        print(f"cmudict: {len(words):,} words, {len(phonemes)} phonemes")


if __name__ == "__main__":
    main()
