#pragma once

#include <Eigen/Core>
#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

#include "core/network.h"
#include "ui/activation_wave.h"
#include "ui/edge_layer.h"
#include "ui/network_layout.h"

namespace digitscope::ui {

// The network as in 3Blue1Brown's video: the 28 x 28 input, each hidden layer and the output
// as columns of neurons lit by their activation (black 0 to white 1, warmer above 1), the
// weights as blue (positive) and red (negative) edges, the outputs labelled 0-9 with the
// winner highlighted. A new input lights the layers one after another, pulses running along
// the strongest weight x activation edges. Hovering a neuron tells its values; clicking
// selects it (neuronSelected; layer 0 = input, 1.. hidden, last = output, as NetworkLayout);
// clicking empty space clears the selection (neuronSelected(-1, -1)).
class NetworkView : public QWidget {
    Q_OBJECT
public:
    explicit NetworkView(QWidget* parent = nullptr);

    // May arrive ~30 times a second while training: only marks the edge picture stale.
    void setNetwork(std::shared_ptr<const core::Network> network);
    // trace.activations[l]: units x B, column 0 is shown. Called on every input change.
    void setTrace(const core::ForwardTrace& trace);
    void setAnimationEnabled(bool on);
    bool animationEnabled() const { return m_animate; }
    bool isAnimating() const { return m_timer.isActive(); }

    void selectNeuron(std::optional<NeuronId> id);  // no signal
    std::optional<NeuronId> selectedNeuron() const { return m_selected; }
    // The geometry of the last paint or resize (empty before the first).
    const NetworkLayout& layout();
    QString thinningNote() const { return m_edges.thinningNote(); }
    QString describeNeuron(NeuronId id) const;  // the hover text

    QSize sizeHint() const override { return {900, 560}; }
    QSize minimumSizeHint() const override { return {320, 200}; }

signals:
    void neuronSelected(int layer, int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    double now() const { return static_cast<double>(m_clock.nsecsElapsed()) * 1e-6; }
    bool traceMatches() const;
    void tick();
    // network_view_paint.cpp
    QRectF networkArea() const;
    void paintPulses(QPainter& painter, double time);
    void paintSelection(QPainter& painter);
    void paintNeurons(QPainter& painter, double time);
    void paintLabels(QPainter& painter, double time);
    const std::vector<Edge>& pulses(int weightLayer);

    std::shared_ptr<const core::Network> m_network;
    NetworkLayout m_layout;
    bool m_layoutValid = false;
    EdgeLayer m_edges;
    ActivationWave m_wave;
    std::vector<Eigen::VectorXf> m_preActivations;  // per weight layer: units
    std::vector<std::vector<Edge>> m_pulses;        // per weight layer, built when first drawn
    std::vector<bool> m_pulsesValid;
    QElapsedTimer m_clock;
    QTimer m_timer;
    bool m_animate = true;
    std::optional<NeuronId> m_hovered;
    std::optional<NeuronId> m_selected;
};

}  // namespace digitscope::ui
