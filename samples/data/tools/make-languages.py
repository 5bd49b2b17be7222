#!/usr/bin/env python3
"""Builds samples/data/languages/<label>.txt from Debian's word lists (see samples/data/languages/README.md).

Usage: python3 make-languages.py OUTPUT_DIR [WORDS_PER_LANGUAGE] [SEED] [DICT_DIR] [LABEL=FILE,LABEL=FILE,...]

Each list is read from DICT_DIR (default /usr/share/dict: install the packages first), decoded as UTF-8 or, failing
that, Latin-1,
and normalised to NFC. A word is kept when it has at least two characters, all of them letters (no digits,
apostrophes, hyphens or dots), is not all upper case (abbreviations), and its lower-case form is in no other
language's list (such words have no single answer). The subset is the WORDS_PER_LANGUAGE words with the smallest
SHA-256 of "SEED:label:word", written in that order, so any prefix of a file is itself a random subset.
The output is byte-for-byte reproducible from the same package versions. The last argument chooses other lists
(file names in DICT_DIR) instead of the ten of the sample; make-language-sets.sh builds the sets docs/ mentions.
"""
import hashlib
import os
import sys
import unicodedata

LISTS = {  # label: (Debian package, file in /usr/share/dict)
    "danish": ("wdanish", "danish"),
    "dutch": ("wdutch", "dutch"),
    "english": ("wamerican", "american-english"),
    "french": ("wfrench", "french"),
    "german": ("wngerman", "ngerman"),
    "italian": ("witalian", "italian"),
    "polish": ("wpolish", "polish"),
    "portuguese": ("wportuguese", "portuguese"),
    "spanish": ("wspanish", "spanish"),
    "swedish": ("wswedish", "swedish"),
}


def read_words(path):
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    words = set()
    for line in text.splitlines():
        word = unicodedata.normalize("NFC", line.strip())
        if len(word) >= 2 and all(unicodedata.category(c).startswith("L") for c in word) and not word.isupper():
            words.add(word)
    return words


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    seed = sys.argv[3] if len(sys.argv) > 3 else "20261127"
    folder = sys.argv[4] if len(sys.argv) > 4 else "/usr/share/dict"
    files = dict(item.split("=", 1) for item in sys.argv[5].split(",")) if len(sys.argv) > 5 else {l: f for l, (_, f) in LISTS.items()}
    words = {label: read_words(os.path.join(folder, f)) for label, f in files.items()}
    owners = {}
    for label, ws in words.items():
        for w in {w.lower() for w in ws}:
            owners[w] = owners.get(w, 0) + 1
    os.makedirs(out, exist_ok=True)
    for label, ws in sorted(words.items()):
        unique = [w for w in ws if owners[w.lower()] == 1]
        unique.sort(key=lambda w: hashlib.sha256(f"{seed}:{label}:{w}".encode("utf-8")).hexdigest())
        chosen = unique[:count]
        with open(os.path.join(out, label + ".txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write("".join(w + "\n" for w in chosen))
        print(f"{label}: {len(ws)} words, {len(unique)} in no other list, wrote {len(chosen)}")


if __name__ == "__main__":
    main()
