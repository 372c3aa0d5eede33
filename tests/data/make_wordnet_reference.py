#!/usr/bin/env python3
"""Writes imagenet1k_wordnet_reference.tsv: for each ImageNet-1K wnid, WordNet 3.0's lemmas,
definition, examples and direct (instance) hypernyms, parsed independently of the C++ reader with
the rules of NLTK's WordNetCorpusReader (regex gloss split, underscores as spaces).
Usage: make_wordnet_reference.py /usr/share/wordnet wnids.txt > out.tsv"""
import re, sys

def main(wndir, wnids):
    data = open(wndir + "/data.noun", "rb")
    print("# wnid\tlemmas (|)\tdefinition\texamples (|)\thypernyms (|)\tinstance hypernyms (|)")
    for wnid in open(wnids).read().split():
        data.seek(int(wnid[1:]))
        line = data.readline().decode("utf-8")
        columns, gloss = line.strip().split("|", 1)
        f = columns.split()
        assert f[0] == wnid[1:], wnid
        n = int(f[3], 16)
        lemmas = [f[4 + 2 * i].replace("_", " ") for i in range(n)]
        k = 4 + 2 * n
        p = int(f[k]); k += 1
        hyper, inst = [], []
        for i in range(p):
            sym, off, pos = f[k], f[k + 1], f[k + 2]
            k += 4
            if pos == "n" and sym == "@": hyper.append("n" + off)
            if pos == "n" and sym == "@i": inst.append("n" + off)
        definition = re.sub(r"[\"].*?[\"]", "", gloss).strip().strip("; ")
        examples = re.findall(r'"([^"]*)"', gloss)
        print("\t".join([wnid, "|".join(lemmas), definition, "|".join(examples), "|".join(hyper), "|".join(inst)]))

main(sys.argv[1], sys.argv[2])
