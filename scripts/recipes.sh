# The bundled models' recipes, sourced by scripts/train-bundled-models.sh (which trains them on
# MNIST plus all 30 writers of the bundled pen data) and scripts/eval-writers.sh (which scores
# them by leaving writers out). Options of `digitscope-cli train`, without --data, --out and the
# pen data; pen_share_* is the pen data's share of every batch (--strokes-data FILE:SHARE).
# One trainer thread each: on a busy machine a second Eigen thread makes training slower.

# 3b1b: the video's 784-16-16-10, with milder augmentation (16 units cannot absorb the full
# one); half of the MNIST digits restroked with the pad's pen (core/restroke.h).
recipe_3b1b=(--arch 784-16-16-10 --optimizer adam --lr 0.003 --schedule cosine --epochs 60
  --augment-strength 0.4 --restroke 0.5 --batch 64 --seed 1 --threads 1)
pen_share_3b1b=0.2

# accurate: the widest network the view still shows comfortably, with full augmentation.
recipe_accurate=(--arch 784-256-128-10 --optimizer adam --lr 0.002 --schedule cosine --epochs 15
  --restroke 0.5 --batch 64 --seed 1 --threads 1)
pen_share_accurate=0.2

pen_data=resources/pendigits/pendigits-train.jsonl.gz
