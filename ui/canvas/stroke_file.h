#pragma once

#include <QByteArray>
#include <QString>
#include <vector>

#include "ui/canvas/drawing.h"

namespace digitscope::ui {

// Drawings as JSON Lines, one drawing per line (other keys are ignored):
//   {"width":400,"height":400,"pen_width":18,"strokes":[[[x,y],[x,y],...],...]}
class StrokeFile {
public:
    static constexpr int kMaxCanvasSide = 8192;
    static constexpr int kMaxPoints = 1'000'000;

    // Throws core::FileError naming `source`, the line and the problem: malformed JSON,
    // missing or non-numeric fields, a canvas of zero or absurd size, a pen width out of
    // range, a drawing with no strokes or points, coordinates that are NaN, huge or negative.
    static std::vector<Drawing> parse(const QByteArray& text, const QString& source);
    static std::vector<Drawing> read(const QString& path);  // "-" reads standard input
    static QByteArray toJsonLine(const Drawing& drawing);
};

}  // namespace digitscope::ui
