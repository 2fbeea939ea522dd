# The bundled models' recipes, sourced by scripts/train-bundled-models.sh (which trains them on
# MNIST plus all 30 writers of the bundled pen data) and scripts/eval-writers.sh (which scores
# them by leaving writers out). Options of `digitscope-cli train`, without --data, --out and the
# pen data; pen_share_* is the pen data's share of every batch (--strokes-data FILE:SHARE).
# Chosen by 5 folds of 6 writers (docs/figures.md, section 5). One trainer thread each: on a
# busy machine a second Eigen thread makes training slower.

# 3b1b: the video's 784-16-16-10, with milder MNIST augmentation (16 units cannot absorb the full
# one); half of the MNIST digits restroked with the pad's pen (core/augment/restroke.h). Pen data at 0.2:
# 0.1 read unseen writers worse (95.5% against 96.9%), 0.3 better (97.4%) but MNIST test fell
# below 96% (95.7%); stroke distortions at half or double strength did worse on both.
recipe_3b1b=(--arch 784-16-16-10 --optimizer adam --lr 0.003 --schedule cosine --epochs 60
  --augment-strength 0.4 --restroke 0.5 --batch 64 --seed 1 --threads 1)
pen_share_3b1b=0.2

# accurate: the widest network the view still shows comfortably, full augmentation. 25 epochs
# (was 30 without pen data) keep it under a minute on one core; 15 and 20 epochs read MNIST and
# traced MNIST a little worse, double-strength stroke distortions read the writers better
# (99.1%) but MNIST test below 98.8%.
recipe_accurate=(--arch 784-256-128-10 --optimizer adam --lr 0.002 --schedule cosine --epochs 25
  --restroke 0.5 --batch 64 --seed 1 --threads 1)
pen_share_accurate=0.2

pen_data=resources/pendigits/pendigits-train.jsonl.gz
