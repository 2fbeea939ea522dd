#include "ui/network/signed_map.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "ui/network/neuron_colours.h"

namespace digitscope::ui {
namespace {

constexpr int kSteps = 256;

// Colour ramps from the background to full blue and to full red, kSteps each.
struct Ramps {
    std::array<QRgb, kSteps> positive{};
    std::array<QRgb, kSteps> negative{};
    Ramps() {
        for (int k = 0; k < kSteps; ++k) {
            const float t = static_cast<float>(k) / (kSteps - 1);
            positive[static_cast<std::size_t>(k)] = neuron_colours::weight(t, 1.0f).rgb();
            negative[static_cast<std::size_t>(k)] = neuron_colours::weight(-t, 1.0f).rgb();
        }
    }
};

const Ramps& ramps() {
    static const Ramps instance;
    return instance;
}

int channelMix(int a, int b, float t) {
    return static_cast<int>(std::lround(static_cast<float>(a) + static_cast<float>(b - a) * t));
}

}  // namespace

float signedMapScale(const Eigen::VectorXf& values) {
    const float top = values.size() > 0 ? values.cwiseAbs().maxCoeff() : 0.0f;
    return std::isfinite(top) && top > 0.0f ? top : 1.0f;
}

QImage signedMapImage(const Eigen::VectorXf& values, int side, float scale,
                      const Eigen::VectorXf* ink) {
    if (side <= 0 || values.size() != side * side) return {};
    if (!(scale > 0.0f)) scale = signedMapScale(values);
    const bool overlay = ink && ink->size() == values.size();
    QImage image(side, side, QImage::Format_RGB32);
    const Ramps& r = ramps();
    for (int y = 0; y < side; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < side; ++x) {
            const float v = values(y * side + x);
            const float t = std::isfinite(v) ? std::min(std::abs(v) / scale, 1.0f) : 0.0f;
            const int k = static_cast<int>(std::lround(t * (kSteps - 1)));
            const QRgb full = v >= 0.0f ? r.positive[static_cast<std::size_t>(k)]
                                        : r.negative[static_cast<std::size_t>(k)];
            if (!overlay) {
                line[x] = full;
                continue;
            }
            // Over the ink: grey strokes, coloured as much as the value is strong.
            const float a = std::sqrt(t);
            const int grey =
                18 +
                static_cast<int>(std::lround(90.0f * std::clamp((*ink)(y * side + x), 0.0f, 1.0f)));
            const QColor c = QColor::fromRgb(v >= 0.0f ? r.positive.back() : r.negative.back());
            line[x] = qRgb(channelMix(grey, c.red(), a), channelMix(grey, c.green(), a),
                           channelMix(grey, c.blue(), a));
        }
    }
    return image;
}

}  // namespace digitscope::ui
