#pragma once

#include <vector>

#include "core/input/drawing.h"

namespace digitscope::ui {

// A fast pointer move is sampled sparsely (a mouse at 60-125 Hz leaves 10-30 px between points
// of a quick "0"), and a polyline through the samples shows corners that were never drawn. The
// canvas fills such a gap with points on a smooth curve through the samples (a cubic Hermite
// segment whose tangents follow the neighbouring samples, as Catmull-Rom's do, scaled to each
// segment's length so that uneven spacing does not overshoot). The network then reads these
// points like any others: the smoothing happens where the points are captured, core's pen
// rendering is unchanged (the bundled models were trained on it).
//
// What stays as it is: segments up to kMinGap long (slow drawing is dense already), segments
// whose curve would stay within kTolerance of the straight line, and real corners (a turn of
// more than kCornerDegrees at a sample keeps its point sharp: the top of a 7).
class StrokeSmoother {
public:
    static constexpr double kMinGap = 10.0;    // canvas pixels
    static constexpr double kSpacing = 3.0;    // between inserted points, at most
    static constexpr double kTolerance = 0.5;  // pixels off the chord worth a curve
    static constexpr double kCornerDegrees = 60.0;

    // The points to insert between the samples b and c (neither included), in order; empty
    // when the segment stays straight. before: the sample before b (null when b starts the
    // stroke); after: the sample after c (null while c is the newest or ends the stroke).
    static std::vector<core::Point> between(const core::Point* before, core::Point b, core::Point c,
                                            const core::Point* after);
};

}  // namespace digitscope::ui
