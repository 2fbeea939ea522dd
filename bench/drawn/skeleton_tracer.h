#pragma once

#include <cstdint>
#include <vector>

#include "session/canvas/drawing.h"

namespace digitscope::bench {

// A binary image, row-major, 1 = ink. Pixels outside the image read as 0.
struct BinaryImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;

    BinaryImage() = default;
    BinaryImage(int w, int h) : width(w), height(h), pixels(static_cast<std::size_t>(w) * h, 0) {}
    bool at(int x, int y) const {
        return x >= 0 && y >= 0 && x < width && y < height && pixels[index(x, y)] != 0;
    }
    void set(int x, int y, bool ink) { pixels[index(x, y)] = ink ? 1 : 0; }
    int count() const;

private:
    std::size_t index(int x, int y) const { return static_cast<std::size_t>(y) * width + x; }
};

struct TraceSettings {
    int minSpurLength = 3;         // skeleton pixels of a junction-to-free-end branch to keep it
    int minStrokePixels = 3;       // a separate piece of skeleton smaller than this is noise
    double minStraightness = 0.5;  // at a junction, branches continue each other when the angle
                                   // between them exceeds acos(-minStraightness) (120 degrees)
    double crossingWidths = 1.5;   // forks joined by a path shorter than this many stroke
                                   // widths are one crossing (the waist of an 8)
    int smoothingPasses = 2;       // [1 2 1] / 4 passes along each polyline; free ends stay put
    int subdivisions = 2;          // Chaikin corner cutting afterwards, for round curves
};

// Turns a raster digit (MNIST) into pen strokes as a person might have drawn it:
// threshold, thin to a one-pixel skeleton (Zhang & Suen 1984), follow the skeleton's pixel
// paths between free ends and junctions, drop short spurs, join the branches that continue
// each other straight through a junction (the bar of a 4, the crossing of an 8), smooth.
// Points are in the image's pixel coordinates (pixel centres at x + 0.5, y + 0.5); a closed
// stroke (the 0, the loop of a 6 traced on its own) repeats its first point at the end.
class SkeletonTracer {
public:
    // gray: width * height values, row-major; ink where gray >= level.
    static BinaryImage threshold(const std::uint8_t* gray, int width, int height,
                                 std::uint8_t level);
    // Zhang-Suen thinning: a one-pixel-wide, 8-connected skeleton of the ink.
    static BinaryImage thin(BinaryImage image);
    // Removes spurs and specks in place (see TraceSettings).
    static void prune(BinaryImage& skeleton, const TraceSettings& settings);
    // The skeleton's pixel paths as polylines, joined at junctions; no smoothing. Forks closer
    // than settings.crossingWidths * strokeWidth (ink pixels / skeleton pixels) are one crossing.
    static std::vector<ui::Stroke> trace(const BinaryImage& skeleton,
                                         const TraceSettings& settings = {},
                                         double strokeWidth = 0);
    // Smooths a polyline, keeping open ends fixed and closed strokes closed.
    static ui::Stroke smooth(const ui::Stroke& stroke, int passes, int subdivisions);
    // All of the above: a gray digit to smoothed strokes.
    static std::vector<ui::Stroke> strokesOf(const std::uint8_t* gray, int width, int height,
                                             std::uint8_t level,
                                             const TraceSettings& settings = {});
};

// Strokes traced from a gray image, and how well they reproduce it.
struct Trace {
    std::vector<ui::Stroke> strokes;
    std::uint8_t level = 0;  // gray level taken as ink
    double penWidth = 0;     // the image's own stroke width: ink mass / stroke length
    double overlap = 0;      // IoU of the ink (>= 128) of the image and of the strokes drawn
                             // at penWidth
};

// Tries several ink levels (a low one keeps faint joins, a high one keeps the small holes of
// thick loops) and keeps the strokes that redraw the digit best.
Trace bestTrace(const std::uint8_t* gray, int width, int height,
                const TraceSettings& settings = {});

// Intersection over union of the ink (>= 128) of `gray` and of `strokes` drawn on an image of
// the same size at `penWidth` with ui::StrokeRasterizer.
double inkOverlap(const std::vector<ui::Stroke>& strokes, double penWidth, const std::uint8_t* gray,
                  int width, int height);

// Total polyline length of the strokes, in their own units.
double strokeLength(const std::vector<ui::Stroke>& strokes);

}  // namespace digitscope::bench
