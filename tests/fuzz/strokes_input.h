#pragma once

// One strokes_fuzz input: the bytes are a stroke file (JSON Lines). Every accepted drawing
// must keep the parser's promises (canvas and pen in range, points inside the canvas), survive
// toJsonLine -> parse unchanged, and rasterise to 28 x 28 values in [0, 1]. Rasterising is
// capped at kRasterBudget canvas pixels per input so large canvases cannot time out the
// fuzzer (the parser allows 8192 x 8192).

#include <QByteArray>
#include <QString>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>

#include "core/errors.h"
#include "fuzz/fuzz_input.h"
#include "ui/canvas/stroke_file.h"
#include "ui/canvas/stroke_rasterizer.h"

namespace digitscope::fuzz {

inline constexpr std::int64_t kRasterBudget = 1024 * 1024;

inline bool sameDrawing(const ui::Drawing& a, const ui::Drawing& b) {
    if (a.canvasSize != b.canvasSize || a.penWidth != b.penWidth ||
        a.strokes.size() != b.strokes.size())
        return false;
    for (std::size_t s = 0; s < a.strokes.size(); ++s)
        if (a.strokes[s].points != b.strokes[s].points) return false;
    return true;
}

inline void checkDrawing(const ui::Drawing& drawing, std::int64_t& rasterBudget) {
    const int width = drawing.canvasSize.width();
    const int height = drawing.canvasSize.height();
    require(width >= 1 && height >= 1 && width <= ui::StrokeFile::kMaxCanvasSide &&
                height <= ui::StrokeFile::kMaxCanvasSide,
            "canvas size out of range");
    require(std::isfinite(drawing.penWidth) && drawing.penWidth > 0, "pen width out of range");
    require(!drawing.strokes.empty(), "a drawing without strokes");
    for (const ui::Stroke& stroke : drawing.strokes) {
        require(!stroke.points.empty(), "an empty stroke");
        for (const QPointF& p : stroke.points)
            require(std::isfinite(p.x()) && std::isfinite(p.y()) && p.x() >= 0 && p.y() >= 0 &&
                        p.x() <= width && p.y() <= height,
                    "a point outside the canvas");
    }

    const std::vector<ui::Drawing> again =
        ui::StrokeFile::parse(ui::StrokeFile::toJsonLine(drawing), QStringLiteral("round trip"));
    require(again.size() == 1 && sameDrawing(again.front(), drawing),
            "toJsonLine -> parse changed the drawing");

    const std::int64_t pixels = std::int64_t{width} * height;
    if (pixels > rasterBudget) return;
    rasterBudget -= pixels;
    const Eigen::VectorXf input = ui::StrokeRasterizer::networkInput(drawing);
    require(input.size() == 28 * 28, "network input is not 28 x 28");
    require(input.allFinite() && input.minCoeff() >= 0.0f && input.maxCoeff() <= 1.0f,
            "network input outside [0, 1]");
}

inline Outcome checkStrokesInput(std::span<const std::uint8_t> input) {
    const QByteArray text(reinterpret_cast<const char*>(input.data()),
                          static_cast<qsizetype>(input.size()));
    std::vector<ui::Drawing> drawings;
    try {
        drawings = ui::StrokeFile::parse(text, QStringLiteral("fuzz.jsonl"));
    } catch (const core::FileError&) {
        return Outcome::Refused;
    }
    require(!drawings.empty(), "accepted a file without drawings");
    std::int64_t rasterBudget = kRasterBudget;
    for (const ui::Drawing& drawing : drawings) {
        try {
            checkDrawing(drawing, rasterBudget);
        } catch (const core::FileError& error) {
            throw InvariantViolation(std::string("a saved drawing does not load: ") + error.what());
        }
    }
    return Outcome::Accepted;
}

}  // namespace digitscope::fuzz
