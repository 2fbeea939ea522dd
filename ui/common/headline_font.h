#pragma once

#include <QFont>

namespace digitscope::ui {

// The one headline size across the panels (the verdict over the bars, the canvas's "Draw a
// digit here"): 1.6 times the widget's font. Captions and panel titles stay at the normal size,
// bold.
inline constexpr double kHeadlineScale = 1.6;

inline QFont headlineFont(QFont base, bool bold = true) {
    base.setPointSizeF(base.pointSizeF() * kHeadlineScale);
    base.setBold(bold);
    return base;
}

}  // namespace digitscope::ui
