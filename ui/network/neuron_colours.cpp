#include "ui/network/neuron_colours.h"

#include <algorithm>
#include <cmath>

namespace digitscope::ui::neuron_colours {
namespace {

QColor mix(const QColor& a, const QColor& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    auto channel = [t](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * t)); };
    return QColor(channel(a.red(), b.red()), channel(a.green(), b.green()),
                  channel(a.blue(), b.blue()));
}

const QColor kOff(0x05, 0x06, 0x08);
const QColor kOn(0xff, 0xff, 0xff);
const QColor kWarm(0xff, 0xd2, 0x5e);

}  // namespace

QColor activation(float value) {
    if (!std::isfinite(value)) return kOff;
    if (value < 0.0f) return mix(kOff, kNegative.darker(130), -value);
    if (value <= 1.0f) return mix(kOff, kOn, value);
    return mix(kOn, kWarm, std::log2(value) / 3.0);  // 1 -> white, 8 -> warm yellow
}

float layerScale(const Eigen::VectorXf& activations) {
    float top = 1.0f;
    for (Eigen::Index i = 0; i < activations.size(); ++i)
        if (std::isfinite(activations(i))) top = std::max(top, activations(i));
    return top;
}

QColor scaledActivation(float value, float scale) {
    return activation(scale > 1.0f ? value / scale : value);
}

QColor weight(float value, float scale) {
    if (!std::isfinite(value) || !(scale > 0.0f)) return kBackground;
    const double t = std::abs(value) / scale;
    // A square root lifts the small weights, which are most of a layer, off the background.
    return mix(kBackground, value >= 0.0f ? kPositive : kNegative, std::sqrt(std::min(t, 1.0)));
}

}  // namespace digitscope::ui::neuron_colours
