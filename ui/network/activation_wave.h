#pragma once

#include <Eigen/Core>
#include <vector>

namespace digitscope::ui {

// The layer-by-layer lighting of the network view, as plain state over a clock in
// milliseconds: when a new input arrives, layer 1 fades from what it showed to its new
// activations over kLayerMs, then layer 2, and so on. A new input mid-wave never queues: a
// layer already fading or waiting just takes the newest values as its goal (so no jump),
// a settled layer starts a fresh fade once the layer before it has. So while the user draws
// (a new input every ~16 ms) every layer follows the drawing with a short, growing lag.
class ActivationWave {
public:
    static constexpr double kLayerMs = 60.0;

    // targets: each neuron layer's activations, input first (units each). animate = false,
    // or a different architecture, shows the targets at once. newInput = false (new weights,
    // the same input): settled layers take their new values at once and a running wave goes
    // on towards them, but none starts, so weights arriving 30 times a second never keep a
    // wave going.
    void setTargets(std::vector<Eigen::VectorXf> targets, double now, bool animate,
                    bool newInput = true);
    void clear() { m_layers.clear(); }
    void finish();  // every layer at its target now

    int layerCount() const { return static_cast<int>(m_layers.size()); }
    const Eigen::VectorXf& target(int layer) const { return m_layers[layer].to; }
    Eigen::VectorXf shown(int layer, double now) const;  // what to paint: units
    // How far the layer's fade has come: 0 waiting, 1 settled (the input is always 1).
    double progress(int layer, double now) const;
    bool running(double now) const;

private:
    struct Layer {
        Eigen::VectorXf from;
        Eigen::VectorXf to;
        double start = -1e300;  // ms; settled once now >= start + kLayerMs
    };
    std::vector<Layer> m_layers;
};

}  // namespace digitscope::ui
