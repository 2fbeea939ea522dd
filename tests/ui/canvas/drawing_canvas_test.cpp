#include "ui/canvas/drawing_canvas.h"

#include <gtest/gtest.h>

#include "core/data/stroke_file.h"
#include "core/input/pen.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPointingDevice>
#include <QTabletEvent>
#include <QTimer>
#include <QTouchEvent>
#include <cmath>
#include <vector>

#include "session/canvas/stroke_rasterizer.h"
#include "session/models/bundled_models.h"
#include "tests/ui/mouse_input.h"

namespace digitscope::ui {
namespace {

using testing::drawStroke;
using testing::line;
using testing::Points;
using testing::sendMouse;

Points ellipse(QPointF centre, double rx, double ry, int steps) {
    Points points;
    for (int i = 0; i <= steps; ++i) {
        const double a = 2 * std::acos(-1.0) * i / steps;
        points.emplace_back(centre.x() + rx * std::sin(a), centre.y() - ry * std::cos(a));
    }
    return points;
}

struct InputRecorder {
    std::vector<Eigen::VectorXf> inputs;
    std::vector<qint64> times;
    QElapsedTimer clock;
    explicit InputRecorder(DrawingCanvas& canvas) {
        clock.start();
        QObject::connect(&canvas, &DrawingCanvas::inputChanged, &canvas,
                         [this](const Eigen::VectorXf& input) {
                             inputs.push_back(input);
                             times.push_back(clock.elapsed());
                         });
    }
};

int argmax(const Eigen::VectorXf& v) {
    Eigen::Index i = 0;
    v.maxCoeff(&i);
    return static_cast<int>(i);
}

TEST(DrawingCanvas, MouseStrokesGiveTheSameInputAsTheCli) {
    DrawingCanvas canvas;
    canvas.setPenWidth(20);
    InputRecorder recorder(canvas);
    const Points first = line({200, 60}, {200, 340}, 40);
    const Points second = line({150, 110}, {200, 60}, 10);
    drawStroke(&canvas, first);
    drawStroke(&canvas, second);
    canvas.flushPendingChange();
    ASSERT_FALSE(recorder.inputs.empty());

    // The same strokes, written down independently of the canvas.
    const Drawing expected =
        makeDrawing({400, 400}, 20.0, {Stroke{toPoints(first)}, Stroke{toPoints(second)}});
    const Eigen::VectorXf input = core::networkInput(expected);
    EXPECT_GT(input.maxCoeff(), 0.5f);
    EXPECT_TRUE(recorder.inputs.back() == input);
    ASSERT_EQ(canvas.drawing().strokes.size(), 2u);
    EXPECT_EQ(canvas.drawing().strokes[0].points, toPoints(first));

    // And what `digitscope-cli predict --strokes` reads back from the canvas's drawing.
    const std::vector<Drawing> parsed =
        core::StrokeFile::parse(core::StrokeFile::toJsonLine(canvas.drawing()), "canvas");
    ASSERT_EQ(parsed.size(), 1u);
    EXPECT_TRUE(core::networkInput(parsed[0]) == input);
}

TEST(DrawingCanvas, ABurstOfMovesIsAnnouncedOnce) {
    DrawingCanvas canvas;
    InputRecorder recorder(canvas);
    const Points points = line({100, 100}, {300, 300}, 30);
    sendMouse(&canvas, QEvent::MouseButtonPress, points.front(), Qt::LeftButton, Qt::LeftButton);
    for (std::size_t i = 1; i < points.size(); ++i)
        sendMouse(&canvas, QEvent::MouseMove, points[i], Qt::NoButton, Qt::LeftButton);
    EXPECT_TRUE(recorder.inputs.empty());  // nothing is computed per event
    EXPECT_TRUE(canvas.hasPendingChange());
    canvas.flushPendingChange();
    ASSERT_EQ(recorder.inputs.size(), 1u);
    EXPECT_TRUE(recorder.inputs.back() == canvas.networkInput());
    EXPECT_FALSE(canvas.hasPendingChange());
}

TEST(DrawingCanvas, PredictionInputArrivesWhileTheButtonIsStillDown) {
    DrawingCanvas canvas;
    InputRecorder recorder(canvas);
    sendMouse(&canvas, QEvent::MouseButtonPress, {200, 80}, Qt::LeftButton, Qt::LeftButton);
    sendMouse(&canvas, QEvent::MouseMove, {200, 250}, Qt::NoButton, Qt::LeftButton);
    QEventLoop loop;
    QObject::connect(&canvas, &DrawingCanvas::inputChanged, &loop, &QEventLoop::quit);
    QTimer::singleShot(2000, &loop, &QEventLoop::quit);  // a safety net, not a wait
    loop.exec();
    ASSERT_EQ(recorder.inputs.size(), 1u);
    EXPECT_GT(recorder.inputs[0].maxCoeff(), 0.5f);
    EXPECT_LT(recorder.times[0], 500);
    EXPECT_TRUE(canvas.document().isStroking());
}

TEST(DrawingCanvas, ContinuousDrawingIsAnnouncedAtMostOncePerFrame) {
    DrawingCanvas canvas;
    InputRecorder recorder(canvas);
    sendMouse(&canvas, QEvent::MouseButtonPress, {50, 200}, Qt::LeftButton, Qt::LeftButton);
    // A move every millisecond for 300 ms: far more events than frames.
    int step = 0;
    QEventLoop loop;
    QTimer mover;
    mover.setTimerType(Qt::PreciseTimer);
    mover.setInterval(1);
    QObject::connect(&mover, &QTimer::timeout, &loop, [&] {
        ++step;
        const double x = 50 + step;
        sendMouse(&canvas, QEvent::MouseMove, {x, 200 + 80 * std::sin(x / 30)}, Qt::NoButton,
                  Qt::LeftButton);
        if (recorder.clock.elapsed() >= 300) loop.quit();
    });
    mover.start();
    loop.exec();
    mover.stop();
    ASSERT_GE(recorder.inputs.size(), 5u) << "updates must keep coming while drawing";
    EXPECT_LT(recorder.inputs.size(), static_cast<std::size_t>(step));
    for (std::size_t i = 1; i < recorder.times.size(); ++i)
        EXPECT_GE(recorder.times[i] - recorder.times[i - 1], DrawingCanvas::kFrameMilliseconds - 1)
            << "announcements " << i - 1 << " and " << i;
}

TEST(DrawingCanvas, EscapeClearsAndUndoRemovesTheLastStroke) {
    DrawingCanvas canvas;
    drawStroke(&canvas, line({100, 100}, {300, 100}, 10));
    drawStroke(&canvas, line({200, 50}, {200, 350}, 10));
    ASSERT_EQ(canvas.drawing().strokes.size(), 2u);

    QKeyEvent undo(QEvent::KeyPress, Qt::Key_Z, Qt::ControlModifier);
    QApplication::sendEvent(&canvas, &undo);
    ASSERT_EQ(canvas.drawing().strokes.size(), 1u);
    EXPECT_EQ(canvas.drawing().strokes[0].points.front(), (core::Point{100, 100}));

    InputRecorder recorder(canvas);
    QKeyEvent escape(QEvent::KeyPress, Qt::Key_Escape, Qt::NoModifier);
    QApplication::sendEvent(&canvas, &escape);
    EXPECT_TRUE(canvas.isEmpty());
    canvas.flushPendingChange();
    ASSERT_EQ(recorder.inputs.size(), 1u);
    EXPECT_EQ(recorder.inputs[0].maxCoeff(), 0.0f);

    drawStroke(&canvas, line({100, 100}, {300, 300}, 5));
    QKeyEvent del(QEvent::KeyPress, Qt::Key_Delete, Qt::NoModifier);
    QApplication::sendEvent(&canvas, &del);
    EXPECT_TRUE(canvas.isEmpty());
}

TEST(DrawingCanvas, OnlyTheLeftButtonDraws) {
    DrawingCanvas canvas;
    sendMouse(&canvas, QEvent::MouseButtonPress, {100, 100}, Qt::RightButton, Qt::RightButton);
    sendMouse(&canvas, QEvent::MouseMove, {200, 200}, Qt::NoButton, Qt::RightButton);
    sendMouse(&canvas, QEvent::MouseButtonRelease, {200, 200}, Qt::RightButton, Qt::NoButton);
    sendMouse(&canvas, QEvent::MouseMove, {250, 250}, Qt::NoButton, Qt::NoButton);  // hovering
    EXPECT_TRUE(canvas.isEmpty());
}

TEST(DrawingCanvas, APenDrawsThroughTabletEvents) {
    DrawingCanvas canvas;
    QPointingDevice stylus(QStringLiteral("test stylus"), 4242, QInputDevice::DeviceType::Stylus,
                           QPointingDevice::PointerType::Pen,
                           QInputDevice::Capability::Position | QInputDevice::Capability::Pressure,
                           1, 2);
    auto send = [&](QEvent::Type type, QPointF p, double pressure, Qt::MouseButton button,
                    Qt::MouseButtons buttons) {
        QTabletEvent event(type, &stylus, p, canvas.mapToGlobal(p), pressure, 0, 0, 0, 0, 0,
                           Qt::NoModifier, button, buttons);
        QApplication::sendEvent(&canvas, &event);
        EXPECT_TRUE(event.isAccepted());
    };
    send(QEvent::TabletMove, {10, 10}, 0.0, Qt::NoButton, Qt::NoButton);  // hovering pen
    send(QEvent::TabletPress, {120, 200}, 0.6, Qt::LeftButton, Qt::LeftButton);
    send(QEvent::TabletMove, {200, 210}, 0.7, Qt::NoButton, Qt::LeftButton);
    send(QEvent::TabletRelease, {280, 220}, 0.0, Qt::LeftButton, Qt::NoButton);
    ASSERT_EQ(canvas.drawing().strokes.size(), 1u);
    EXPECT_EQ(canvas.drawing().strokes[0].points, toPoints({{120, 200}, {200, 210}, {280, 220}}));
}

TEST(DrawingCanvas, AFingerDrawsThroughTouchEvents) {
    DrawingCanvas canvas;
    QPointingDevice screen(
        QStringLiteral("test touchscreen"), 4243, QInputDevice::DeviceType::TouchScreen,
        QPointingDevice::PointerType::Finger, QInputDevice::Capability::Position, 10, 0);
    auto send = [&](QEvent::Type type, QEventPoint::State state, QPointF p) {
        QEventPoint point(1, state, p, canvas.mapToGlobal(p));
        QTouchEvent event(type, &screen, Qt::NoModifier, {point});
        QApplication::sendEvent(&canvas, &event);
    };
    send(QEvent::TouchBegin, QEventPoint::Pressed, {60, 60});
    send(QEvent::TouchUpdate, QEventPoint::Updated, {200, 200});
    send(QEvent::TouchEnd, QEventPoint::Released, {340, 340});
    ASSERT_EQ(canvas.drawing().strokes.size(), 1u);
    EXPECT_EQ(canvas.drawing().strokes[0].points, toPoints({{60, 60}, {200, 200}, {340, 340}}));
    EXPECT_FALSE(canvas.document().isStroking());
}

TEST(DrawingCanvas, ShowsInkWhereTheStrokeIsAndPaperElsewhere) {
    DrawingCanvas canvas;
    canvas.setPenWidth(24);
    drawStroke(&canvas, line({200, 60}, {200, 340}, 20));
    const QImage shot = canvas.grab().toImage();
    const QColor ink = shot.pixelColor(200, 200);
    const QColor paper = shot.pixelColor(60, 200);
    EXPECT_GT(ink.lightness(), 200);
    EXPECT_LT(paper.lightness(), 60);
    // 24 px of pen: 11 px off the line is still ink, 16 px off is paper.
    EXPECT_GT(shot.pixelColor(211, 200).lightness(), 150);
    EXPECT_LT(shot.pixelColor(216, 200).lightness(), 60);
}

TEST(DrawingCanvas, ShowsAnMnistSampleEnlargedAndFeedsItAsItIs) {
    DrawingCanvas canvas({280, 280});
    InputRecorder recorder(canvas);
    Eigen::VectorXf sample = Eigen::VectorXf::Zero(784);
    sample(10 * 28 + 5) = 1.0f;  // one bright pixel at (5, 10)
    canvas.showSample(sample, QStringLiteral("test #1 · labelled 7"));
    canvas.flushPendingChange();
    ASSERT_EQ(recorder.inputs.size(), 1u);
    EXPECT_TRUE(recorder.inputs[0] == sample);
    const QImage shot = canvas.grab().toImage();
    // The pixel covers canvas pixels 50..59 x 100..109 (10 canvas pixels per input pixel).
    EXPECT_GT(shot.pixelColor(55, 105).lightness(), 200);
    EXPECT_LT(shot.pixelColor(65, 105).lightness(), 60);
    EXPECT_LT(shot.pixelColor(55, 95).lightness(), 60);
}

TEST(DrawingCanvas, BundledModelReadsDrawnDigits) {
    const core::Model model = BundledModels::load(BundledModels::viewName());
    DrawingCanvas canvas;
    InputRecorder recorder(canvas);
    auto predict = [&] {
        canvas.flushPendingChange();
        return argmax(model.network.predict(recorder.inputs.back()));
    };
    drawStroke(&canvas, line({205, 70}, {195, 330}, 30));  // a "1": one vertical line
    EXPECT_EQ(predict(), 1);
    canvas.clear();
    drawStroke(&canvas, ellipse({200, 200}, 80, 125, 60));  // a "0"
    EXPECT_EQ(predict(), 0);
    canvas.clear();
    drawStroke(&canvas, {{110, 80}, {290, 80}, {170, 330}});  // a "7"
    EXPECT_EQ(predict(), 7);
}

}  // namespace
}  // namespace digitscope::ui
