#!/usr/bin/env python3
"""Converts the UCI pendigits tablet strokes (pendigits-orig.tra, UNIPEN-like text) into
digitscope's stroke dataset format: JSON Lines, one digit a line, gzip-compressed.

  scripts/convert-pendigits.py ../shared/datasets/pendigits-train/pendigits-orig.tra \
      resources/pendigits/pendigits-train.jsonl.gz

Each line: {"width":500,"height":500,"pen_width":18,"label":D,"writer":"W","strokes":[...]}.
The tablet's y axis points up; it is flipped so y points down, as on a screen. Coordinates are
tablet units (the writers wrote in 500 x 500 boxes). The output is byte-for-byte reproducible
(gzip without a timestamp)."""
import gzip
import json
import sys

SIDE = 500


def digits(path):
    label = writer = None
    strokes, stroke, in_stroke = [], [], False
    with open(path, encoding="ascii") as source:
        for number, raw in enumerate(source, 1):
            line = raw.strip()
            if not line:
                continue
            if line.startswith(".SEGMENT"):
                if label is not None:
                    yield label, writer, strokes
                label = int(line.split('"')[1])
                writer, strokes = None, []
            elif line.startswith(".COMMENT"):
                fields = line.split()
                if int(fields[1]) != label:
                    sys.exit(f"{path}:{number}: comment label {fields[1]} != segment {label}")
                writer = fields[2]
            elif line.startswith(".PEN_DOWN"):
                stroke, in_stroke = [], True
            elif line.startswith(".PEN_UP"):
                if stroke:
                    strokes.append(stroke)
                in_stroke = False
            elif line.startswith("."):
                continue
            elif in_stroke:
                x, y = (int(v) for v in line.split())
                if not (0 <= x <= SIDE and 0 <= y <= SIDE):
                    sys.exit(f"{path}:{number}: point {x} {y} outside the 500 x 500 box")
                stroke.append([x, SIDE - y])
    if label is not None:
        yield label, writer, strokes


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    count, writers = 0, set()
    with open(sys.argv[2], "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                       filename="") as out:
        for label, writer, strokes in digits(sys.argv[1]):
            if writer is None or not strokes:
                sys.exit(f"digit {count + 1}: no writer or no strokes")
            record = {"width": SIDE, "height": SIDE, "pen_width": 18, "label": label,
                      "writer": writer, "strokes": strokes}
            out.write((json.dumps(record, separators=(",", ":")) + "\n").encode())
            count += 1
            writers.add(writer)
    print(f"{count} digits by {len(writers)} writers -> {sys.argv[2]}")


if __name__ == "__main__":
    main()
