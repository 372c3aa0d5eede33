#!/bin/sh
# The "At ImageNet scale" figures (docs/benchmarks.md, README): makes ImageNet-shaped trees under
# WORK (default /tmp/synset-imagenet; about 17 GB: 100,000 distinct JPEGs and 10,000 distinct
# 512x512 PNGs, the 1.28 M trees being hard links to them), then measures decoding, the training
# loader, import --link at 10k, 100k and 1.28 M files, a 2.6 M-image project (counts, filter,
# export, undo), and the review grid over a class of 1.28 M images (thumbnail cache cold, warm).
# usage: bench/imagenet_figures.sh BUILD-DIR [WORK]
set -eu
B="$1/bench/bench_imagenet"
W="${2:-/tmp/synset-imagenet}"
mkdir -p "$W"
cd "$W"
$B tree in100k --classes 100 --per-class 1000 --pool "$W/jpeg-pool"
$B tree in10k --classes 100 --per-class 100 --pool "$W/jpeg-pool"
$B tree in1281k --classes 1000 --per-class 1281 --distinct 100000 --pool "$W/jpeg-pool"
$B tree gen1281k --classes 1000 --per-class 1281 --distinct 10000 --png --pool "$W/png-pool"
echo "== decoding (ImageNet-shaped JPEGs) =="
$B decode in100k --count 4000 --threads 1,2
echo "== decoding (512x512 generated PNGs) =="
$B decode gen1281k --count 1000 --threads 1,2
echo "== training loader =="
$B loader in100k --count 4000 --threads 1,2 --batch 64
for n in 10k 100k 1281k; do
    echo "== import --link, $n files =="
    rm -rf "project-$n"
    $B import "in$n" "project-$n"
done
echo "== the 2.6 M-image project: + 1.28 M generated PNGs =="
$B add-generated gen1281k project-1281k
du -sh project-1281k
$B project project-1281k
echo "== curation at 2.6 M images (a copy; random scores stand for a scoring run) =="
rm -rf project-curation export-curation && mkdir project-curation
cp project-1281k/project.db project-curation/
$B curation project-curation export-curation
rm -rf project-curation export-curation
echo "== the review grid over one class of 1.28 M generated images, thumbnail cache cold and warm =="
rm -rf project-oneclass
$B import in10k project-oneclass > /dev/null
$B add-generated gen1281k project-oneclass --class n01440764
QT_QPA_PLATFORM=offscreen "$1/bench/bench_curation" --grid-project project-oneclass \
    --class n01440764 --screens 40
