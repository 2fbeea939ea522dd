#pragma once

// One strokes_fuzz input: the bytes are a stroke file (JSON Lines). Every accepted drawing
// must keep the parser's promises (canvas and pen in range, points clamped inside the canvas,
// labels 0-9), survive toJsonLine -> parse unchanged, and rasterise to 28 x 28 values in [0, 1].
// Rasterising is capped at kRasterBudget points per input so huge drawings cannot time out the
// fuzzer (the parser allows a million points a drawing).

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/base/errors.h"
#include "core/data/stroke_file.h"
#include "core/input/pen.h"
#include "fuzz/fuzz_input.h"

namespace digitscope::fuzz {

inline constexpr std::int64_t kRasterBudget = 20'000;

inline bool sameDrawing(const core::Drawing& a, const core::Drawing& b) {
    if (a.width != b.width || a.height != b.height || a.penWidth != b.penWidth ||
        a.label != b.label || a.writer != b.writer || a.strokes.size() != b.strokes.size())
        return false;
    for (std::size_t s = 0; s < a.strokes.size(); ++s)
        if (a.strokes[s].points != b.strokes[s].points) return false;
    return true;
}

inline void checkDrawing(const core::Drawing& drawing, std::int64_t& rasterBudget) {
    const int width = drawing.width;
    const int height = drawing.height;
    require(width >= 1 && height >= 1 && width <= core::StrokeFile::kMaxCanvasSide &&
                height <= core::StrokeFile::kMaxCanvasSide,
            "canvas size out of range");
    require(std::isfinite(drawing.penWidth) && drawing.penWidth > 0, "pen width out of range");
    require(drawing.label >= -1 && drawing.label <= 9, "label out of range");
    require(!drawing.strokes.empty(), "a drawing without strokes");
    std::int64_t points = 0;
    for (const core::Stroke& stroke : drawing.strokes) {
        require(!stroke.points.empty(), "an empty stroke");
        points += static_cast<std::int64_t>(stroke.points.size());
        for (const core::Point& p : stroke.points)
            require(std::isfinite(p.x) && std::isfinite(p.y) && p.x >= 0 && p.y >= 0 &&
                        p.x <= width && p.y <= height,
                    "a point outside the canvas");
    }

    const std::vector<core::Drawing> again =
        core::StrokeFile::parse(core::StrokeFile::toJsonLine(drawing), "round trip");
    require(again.size() == 1 && sameDrawing(again.front(), drawing),
            "toJsonLine -> parse changed the drawing");

    if (points > rasterBudget) return;
    rasterBudget -= points;
    const Eigen::VectorXf input = core::networkInput(drawing);
    require(input.size() == 28 * 28, "network input is not 28 x 28");
    require(input.allFinite() && input.minCoeff() >= 0.0f && input.maxCoeff() <= 1.0f,
            "network input outside [0, 1]");
}

inline Outcome checkStrokesInput(std::span<const std::uint8_t> input) {
    const std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
    std::vector<core::Drawing> drawings;
    try {
        drawings = core::StrokeFile::parse(text, "fuzz.jsonl");
    } catch (const core::FileError&) {
        return Outcome::Refused;
    }
    require(!drawings.empty(), "accepted a file without drawings");
    std::int64_t rasterBudget = kRasterBudget;
    for (const core::Drawing& drawing : drawings) {
        try {
            checkDrawing(drawing, rasterBudget);
        } catch (const core::FileError& error) {
            throw InvariantViolation(std::string("a saved drawing does not load: ") + error.what());
        }
    }
    return Outcome::Accepted;
}

}  // namespace digitscope::fuzz
