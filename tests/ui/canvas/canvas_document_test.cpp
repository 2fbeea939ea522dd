#include "ui/canvas/canvas_document.h"

#include <gtest/gtest.h>

#include "core/input/pen.h"

#include <cmath>
#include <cstring>
#include <random>

#include "session/canvas/stroke_rasterizer.h"
#include "ui/canvas/stroke_layer.h"
#include "ui/canvas/stroke_smoother.h"

namespace digitscope::ui {
namespace {

bool sameImage(const QImage& a, const QImage& b) {
    if (a.size() != b.size() || a.format() != b.format()) return false;
    for (int y = 0; y < a.height(); ++y)
        if (std::memcmp(a.constScanLine(y), b.constScanLine(y),
                        static_cast<std::size_t>(a.width())))
            return false;
    return true;
}

// Pixels that differ between two images of one size, as a bounding rectangle.
QRect changedArea(const QImage& before, const QImage& after) {
    QRect area;
    for (int y = 0; y < before.height(); ++y)
        for (int x = 0; x < before.width(); ++x)
            if (before.constScanLine(y)[x] != after.constScanLine(y)[x]) area |= QRect(x, y, 1, 1);
    return area;
}

std::vector<QPointF> wobblyLine(QPointF from, QPointF to, int steps, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> jitter(0.0, 1.5);
    std::vector<QPointF> points;
    for (int i = 0; i <= steps; ++i) {
        const double t = static_cast<double>(i) / steps;
        points.emplace_back(from + (to - from) * t + QPointF(jitter(rng), jitter(rng)));
    }
    return points;
}

TEST(CanvasDocument, ImageIsExactlyWhatTheRasterizerMakesOfTheDrawing) {
    CanvasDocument document({200, 160}, 12.0);
    for (const auto& [from, to] : {std::pair{QPointF(20, 20), QPointF(180, 140)},
                                   std::pair{QPointF(180, 20), QPointF(30, 150)}}) {
        const auto points = wobblyLine(from, to, 40, 7);
        document.beginStroke(points.front());
        for (std::size_t i = 1; i < points.size(); ++i) {
            document.extendStroke(points[i]);
            // Mid-stroke too: the stroke in progress is part of the drawing and its image.
            if (i % 10 == 0) {
                ASSERT_TRUE(
                    sameImage(document.image(), StrokeRasterizer::render(document.drawing())));
            }
        }
        document.endStroke();
    }
    ASSERT_EQ(document.drawing().strokes.size(), 2u);
    EXPECT_TRUE(sameImage(document.image(), StrokeRasterizer::render(document.drawing())));
    const Eigen::VectorXf expected = core::networkInput(document.drawing());
    EXPECT_TRUE(document.networkInput() == expected);
}

TEST(CanvasDocument, EachSegmentChangesPixelsOnlyInsideTheReportedRectangle) {
    CanvasDocument document({300, 300}, 20.0);
    const auto points = wobblyLine({30, 40}, {260, 250}, 60, 3);
    QImage before = document.image();
    QRect dirty = document.beginStroke(points.front());
    EXPECT_TRUE(dirty.contains(changedArea(before, document.image())));
    int checked = 0;
    for (std::size_t i = 1; i < points.size(); ++i) {
        before = document.image();
        dirty = document.extendStroke(points[i]);
        const QRect changed = changedArea(before, document.image());
        if (changed.isEmpty()) continue;
        ++checked;
        EXPECT_TRUE(dirty.contains(changed)) << "segment " << i;
        // The rectangle stays local: far smaller than the whole stroke's bounds.
        EXPECT_LT(dirty.width() * dirty.height(), 300 * 300 / 4) << "segment " << i;
    }
    EXPECT_GT(checked, 40);
}

TEST(CanvasDocument, PointsOutsideAreClampedAndTinyMovesDropped) {
    CanvasDocument document({100, 100}, 8.0);
    document.beginStroke({-20, 50});
    EXPECT_TRUE(document.extendStroke({-20.2, 50.1}).isEmpty());  // clamps to the same point
    document.extendStroke({150, 120});
    document.endStroke();
    const auto& points = document.drawing().strokes.at(0).points;
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[0], (core::Point{0, 50}));
    EXPECT_EQ(points[1], (core::Point{100, 100}));
}

TEST(CanvasDocument, UndoRemovesTheLastStrokeAndClearEmpties) {
    CanvasDocument document({120, 120}, 10.0);
    EXPECT_FALSE(document.undo());
    EXPECT_FALSE(document.clear());
    document.beginStroke({20, 20});
    document.extendStroke({100, 20});
    document.endStroke();
    Drawing first = document.drawing();
    document.beginStroke({60, 10});
    document.extendStroke({60, 110});
    document.endStroke();
    EXPECT_TRUE(document.canUndo());

    EXPECT_TRUE(document.undo());
    ASSERT_EQ(document.drawing().strokes.size(), 1u);
    EXPECT_TRUE(sameImage(document.image(), StrokeRasterizer::render(first)));

    EXPECT_TRUE(document.clear());
    EXPECT_TRUE(document.isEmpty());
    EXPECT_EQ(document.networkInput().size(), 784);
    EXPECT_EQ(document.networkInput().maxCoeff(), 0.0f);
    EXPECT_FALSE(document.clear());
    // The clear is undone like a stroke, and then the strokes before it.
    EXPECT_TRUE(document.canUndo());
    EXPECT_TRUE(document.undo());
    ASSERT_EQ(document.drawing().strokes.size(), 1u);
    EXPECT_TRUE(sameImage(document.image(), StrokeRasterizer::render(first)));
    EXPECT_TRUE(document.undo());
    EXPECT_TRUE(document.isEmpty());
    EXPECT_FALSE(document.canUndo());
}

TEST(CanvasDocument, UndoAfterClearAndNewStrokesGoesBackInOrder) {
    CanvasDocument document({120, 120}, 10.0);
    document.beginStroke({20, 20});
    document.extendStroke({100, 20});
    document.endStroke();
    const Drawing before = document.drawing();
    document.clear();
    document.beginStroke({60, 10});
    document.extendStroke({60, 110});
    document.endStroke();
    EXPECT_TRUE(document.undo());  // the new stroke
    EXPECT_TRUE(document.isEmpty());
    EXPECT_TRUE(document.undo());  // the clear
    ASSERT_EQ(document.drawing().strokes.size(), 1u);
    EXPECT_EQ(document.drawing().strokes[0].points, before.strokes[0].points);
    // Showing an MNIST sample replaces the strokes; undo brings them back.
    document.showSample(Eigen::VectorXf::Constant(784, 0.5f), "sample");
    EXPECT_TRUE(document.hasSample());
    EXPECT_TRUE(document.undo());
    EXPECT_FALSE(document.hasSample());
    EXPECT_EQ(document.drawing().strokes.size(), 1u);
}

TEST(CanvasDocument, PenWidthAppliesToTheWholeDrawing) {
    CanvasDocument document({120, 120}, 10.0);
    document.beginStroke({20, 60});
    document.extendStroke({100, 60});
    document.endStroke();
    EXPECT_TRUE(document.setPenWidth(24.0));
    EXPECT_FALSE(document.setPenWidth(24.0));
    EXPECT_EQ(document.drawing().penWidth, 24.0);
    EXPECT_TRUE(sameImage(document.image(), StrokeRasterizer::render(document.drawing())));
    // A vertical cut through the line is now about 24 pixels of ink.
    int ink = 0;
    for (int y = 0; y < 120; ++y) ink += document.image().constScanLine(y)[60] > 127;
    EXPECT_NEAR(ink, 24, 1);
    document.setPenWidth(1000.0);
    EXPECT_EQ(document.penWidth(), CanvasDocument::kMaxPenWidth);
}

TEST(CanvasDocument, SampleIsFedAsItIsUntilTheUserDraws) {
    CanvasDocument document({280, 280}, 18.0);
    Eigen::VectorXf sample = Eigen::VectorXf::Zero(784);
    sample.segment(14 * 28 + 4, 20).setConstant(0.8f);  // a horizontal bar, not centred
    document.showSample(sample, "test #3");
    EXPECT_TRUE(document.hasSample());
    EXPECT_FALSE(document.isEmpty());
    EXPECT_TRUE(document.networkInput() == sample);  // not re-centred or rescaled

    // What can be taught and kept of it: the image the network reads, in 1/255 steps.
    const Drawing shown = document.content();
    ASSERT_TRUE(shown.isImage());
    EXPECT_TRUE(shown.strokes.empty());
    EXPECT_LT((core::networkInput(shown) - sample).cwiseAbs().maxCoeff(), 0.5f / 255);

    document.beginStroke({140, 40});
    document.extendStroke({140, 240});
    document.endStroke();
    EXPECT_FALSE(document.hasSample());
    EXPECT_FALSE(document.networkInput() == sample);
    EXPECT_FALSE(document.content().isImage());
    EXPECT_EQ(document.content().strokes.size(), 1u);
    EXPECT_THROW(document.showSample(Eigen::VectorXf::Zero(10), ""), std::invalid_argument);
}

TEST(StrokeLayer, ScaledLayerMatchesTheScaledDrawing) {
    StrokeLayer layer({100, 80}, 2.0);
    Drawing drawing = makeDrawing({100, 80}, 9.0, {});
    drawing.strokes.push_back(Stroke{{{10, 10}, {90, 70}}});
    Stroke current{{{90, 10}, {50, 40}, {10, 70}}};
    layer.reset(drawing, current);
    EXPECT_EQ(layer.image().size(), QSize(200, 160));

    Drawing scaled = makeDrawing({200, 160}, 18.0, {});
    scaled.strokes.push_back(Stroke{{{20, 20}, {180, 140}}});
    scaled.strokes.push_back(Stroke{{{180, 20}, {100, 80}, {20, 140}}});
    EXPECT_TRUE(sameImage(layer.image(), StrokeRasterizer::render(scaled)));
}

}  // namespace
}  // namespace digitscope::ui

namespace digitscope::ui {
namespace {

double distanceFromCircle(core::Point p, QPointF centre, double radius) {
    return std::abs(std::hypot(p.x - centre.x(), p.y - centre.y()) - radius);
}

// A fast circle, 14 samples 45 px apart, is a polygon today. The canvas fills
// the gaps with points on a smooth curve through the samples, and the network reads those.
TEST(CanvasDocument, AFastCurveIsFilledInSmoothlyBetweenItsSamples) {
    CanvasDocument document({400, 400}, 18.0);
    const QPointF centre(200, 200);
    const double radius = 100;
    std::vector<QPointF> samples;
    for (int i = 0; i <= 14; ++i) {
        const double a = 2 * 3.14159265358979 * i / 14;
        samples.emplace_back(centre.x() + radius * std::cos(a), centre.y() + radius * std::sin(a));
    }
    QImage before = document.image();
    document.beginStroke(samples.front());
    for (std::size_t i = 1; i < samples.size(); ++i) {
        before = document.image();
        const QRect dirty = document.extendStroke(samples[i]);
        EXPECT_TRUE(dirty.contains(changedArea(before, document.image()))) << "sample " << i;
    }
    before = document.image();
    const QRect dirty = document.endStroke();
    EXPECT_FALSE(dirty.isEmpty());  // the last gap is filled when the stroke ends
    EXPECT_TRUE(dirty.contains(changedArea(before, document.image())));

    const std::vector<core::Point>& points = document.drawing().strokes.at(0).points;
    EXPECT_GT(points.size(), samples.size() * 10);  // every gap filled, every 3 px at most
    // Every sample is still there, in order, and the points lie near the circle: the
    // polygon's chords sag by 2.5 px in their middle, the curve's by a fraction of a pixel
    // between two samples (the stroke's first and last gaps start or end straight, so less).
    std::size_t next = 0;
    double worstInside = 0, worst = 0;
    for (const core::Point& p : points) {
        if (next < samples.size() && p == toPoint(samples[next])) ++next;
        const double off = distanceFromCircle(p, centre, radius);
        worst = std::max(worst, off);
        if (next >= 2 && next <= samples.size() - 2) worstInside = std::max(worstInside, off);
    }
    EXPECT_EQ(next, samples.size());
    EXPECT_LT(worstInside, 0.5);
    EXPECT_LT(worst, 2.0);
    for (std::size_t i = 1; i < points.size(); ++i)  // ~3 px apart along the curve
        EXPECT_LE(std::hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y),
                  StrokeSmoother::kSpacing * 1.1);

    // The image is still exactly what the rasterizer makes of the (smoothed) drawing.
    EXPECT_TRUE(sameImage(document.image(), StrokeRasterizer::render(document.drawing())));
}

// Straight fast lines and sharp corners (a 7 in three samples) keep exactly their samples,
// and slow, dense drawing is never touched.
TEST(CanvasDocument, StraightLinesCornersAndSlowDrawingAreNotSmoothed) {
    CanvasDocument document({400, 400}, 18.0);
    const std::vector<QPointF> seven{{110, 80}, {290, 80}, {170, 330}};
    document.beginStroke(seven[0]);
    for (std::size_t i = 1; i < seven.size(); ++i) document.extendStroke(seven[i]);
    EXPECT_TRUE(document.endStroke().isEmpty());
    EXPECT_EQ(document.drawing().strokes.at(0).points, toPoints(seven));

    const std::vector<QPointF> line{{60, 60}, {140, 140}, {220, 220}, {340, 340}};
    document.beginStroke(line[0]);
    for (std::size_t i = 1; i < line.size(); ++i) document.extendStroke(line[i]);
    document.endStroke();
    EXPECT_EQ(document.drawing().strokes.at(1).points, toPoints(line));

    std::vector<QPointF> slow;  // a circle sampled every 6 px
    for (int i = 0; i <= 100; ++i) {
        const double a = 2 * 3.14159265358979 * i / 100;
        slow.emplace_back(200 + 95 * std::cos(a), 200 + 95 * std::sin(a));
    }
    document.beginStroke(slow[0]);
    for (std::size_t i = 1; i < slow.size(); ++i) document.extendStroke(slow[i]);
    document.endStroke();
    EXPECT_EQ(document.drawing().strokes.at(2).points, toPoints(slow));
}

}  // namespace
}  // namespace digitscope::ui
