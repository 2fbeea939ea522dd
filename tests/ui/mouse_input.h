#pragma once

// Mouse input as a person makes it, for the widget tests of tests/ui and tests/app.
#include <QApplication>
#include <QMouseEvent>
#include <QPointF>
#include <QWidget>
#include <cstddef>
#include <vector>

namespace digitscope::testing {

using Points = std::vector<QPointF>;

inline void sendMouse(QWidget* widget, QEvent::Type type, QPointF p, Qt::MouseButton button,
                      Qt::MouseButtons buttons) {
    QMouseEvent event(type, p, widget->mapToGlobal(p), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(widget, &event);
}

// Drags the left button along the points, as a person does with a mouse.
inline void drawStroke(QWidget* canvas, const Points& points) {
    sendMouse(canvas, QEvent::MouseButtonPress, points.front(), Qt::LeftButton, Qt::LeftButton);
    for (std::size_t i = 1; i < points.size(); ++i)
        sendMouse(canvas, QEvent::MouseMove, points[i], Qt::NoButton, Qt::LeftButton);
    sendMouse(canvas, QEvent::MouseButtonRelease, points.back(), Qt::LeftButton, Qt::NoButton);
}

// steps + 1 points evenly from `from` to `to`.
inline Points line(QPointF from, QPointF to, int steps) {
    Points points;
    for (int i = 0; i <= steps; ++i) points.push_back(from + (to - from) * (double(i) / steps));
    return points;
}

}  // namespace digitscope::testing
