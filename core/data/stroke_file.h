#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/input/drawing.h"

namespace digitscope::core {

// Drawings as JSON Lines, one drawing per line, in canvas pixels (other keys are ignored):
//   {"width":400,"height":400,"pen_width":18,"strokes":[[[x,y],[x,y],...],...]}
// A stroke dataset's lines add "label" (0-9) and may add "writer" (a string or a number).
// A digit that has no strokes (an MNIST digit or a dream taught from the canvas) is kept as the
// image the network read, in place of "strokes" (see Drawing::image):
//   {"width":28,"height":28,"pen_width":1,"label":3,"image":[0,0,...,255,...]}  (784 values)
// Reading is all or nothing: any bad line refuses the whole file, naming the file and the line.
class StrokeFile {
public:
    static constexpr int kMaxCanvasSide = 8192;
    static constexpr int kMaxPoints = 1'000'000;  // per drawing
    static constexpr long long kMaxFileBytes = 256LL << 20;

    struct Options {
        bool requireLabels = false;  // a dataset: every line needs "label"
    };

    // Throws FileError naming `source`, the line and the problem: malformed JSON, missing or
    // non-numeric fields, a canvas of zero or absurd size, a pen width out of range, a drawing
    // with no points, a label outside 0-9, coordinates that are not finite or lie more than one
    // canvas size outside the canvas. Points a little outside (a pen leaving the pad: mouse
    // grabs, browser canvases and tablets all report them) are clamped to the canvas's edges,
    // as the app's canvas does.
    static std::vector<Drawing> parse(std::string_view text, const std::string& source,
                                      Options options);
    static std::vector<Drawing> parse(std::string_view text, const std::string& source) {
        return parse(text, source, Options{});
    }
    // Reads a file, raw or gzip-compressed; "-" reads standard input.
    static std::vector<Drawing> read(const std::string& path, Options options);
    static std::vector<Drawing> read(const std::string& path) { return read(path, Options{}); }
    // One line without the newline; includes "label" and "writer" when the drawing has them.
    static std::string toJsonLine(const Drawing& drawing);
};

}  // namespace digitscope::core
