#include "ui/network/activation_wave.h"

#include <algorithm>

namespace digitscope::ui {

void ActivationWave::setTargets(std::vector<Eigen::VectorXf> targets, double now, bool animate,
                                bool newInput) {
    bool sameShape = targets.size() == m_layers.size();
    for (std::size_t l = 0; sameShape && l < targets.size(); ++l)
        sameShape = targets[l].size() == m_layers[l].to.size();
    if (!sameShape) {
        // A new architecture: the first wave lights the network up from black.
        m_layers.assign(targets.size(), Layer{});
        for (std::size_t l = 0; l < targets.size(); ++l)
            m_layers[l].from = m_layers[l].to = Eigen::VectorXf::Zero(targets[l].size());
    }
    double previousStart = now - kLayerMs;
    for (std::size_t l = 0; l < targets.size(); ++l) {
        Layer& layer = m_layers[l];
        const bool settled = now >= layer.start + kLayerMs;
        if (!animate || l == 0 || (settled && !newInput)) {
            layer.from = targets[l];
            layer.start = -1e300;
        } else if (settled) {
            layer.from = layer.to;
            layer.start =
                std::max(now + (static_cast<double>(l) - 1) * kLayerMs, previousStart + kLayerMs);
        }  // else fading or waiting: keep going, towards the newest values
        layer.to = std::move(targets[l]);
        previousStart = layer.start;
    }
}

void ActivationWave::finish() {
    for (Layer& layer : m_layers) {
        layer.from = layer.to;
        layer.start = -1e300;
    }
}

double ActivationWave::progress(int layer, double now) const {
    const double t = (now - m_layers[layer].start) / kLayerMs;
    return std::clamp(t, 0.0, 1.0);
}

Eigen::VectorXf ActivationWave::shown(int layer, double now) const {
    const Layer& l = m_layers[layer];
    const double t = progress(layer, now);
    if (t >= 1.0) return l.to;
    const auto eased = static_cast<float>(t * t * (3.0 - 2.0 * t));  // smoothstep
    return l.from + (l.to - l.from) * eased;
}

bool ActivationWave::running(double now) const {
    return std::any_of(m_layers.begin(), m_layers.end(),
                       [now](const Layer& l) { return now < l.start + kLayerMs; });
}

}  // namespace digitscope::ui
