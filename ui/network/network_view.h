#pragma once

#include <Eigen/Core>
#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/nn/network.h"
#include "ui/network/activation_wave.h"
#include "ui/network/edge_image_worker.h"
#include "ui/network/edge_layer.h"
#include "ui/network/edge_rasterizer.h"
#include "ui/network/network_layout.h"

namespace digitscope::ui {

// The network as in 3Blue1Brown's video: the 28 x 28 input, each hidden layer and the output
// as columns of neurons lit by their activation (black 0 to white 1, warmer above 1), the
// weights as blue (positive) and red (negative) edges, the outputs labelled 0-9 with the
// winner highlighted. A new input lights the layers one after another, pulses running along
// the strongest weight x activation edges. Hovering a neuron tells its values; clicking
// selects it (neuronSelected; layer 0 = input, 1.. hidden, last = output, as NetworkLayout);
// clicking empty space clears the selection (neuronSelected(-1, -1)).
//
// The weights' edge picture is rendered on a worker thread (EdgeImageWorker): until a new
// one arrives the view paints the last (stretched if the size changed). Only when it has
// none for the current architecture does a paint render it itself, so no frame lacks edges.
// New weights given with glowChanges (a lesson's steps) light the edges that changed most,
// fading over kGlowMs; the worker renders that light with the picture.
class NetworkView : public QWidget {
    Q_OBJECT
public:
    explicit NetworkView(QWidget* parent = nullptr);

    // May arrive ~30 times a second while training: only marks the edge picture stale; the
    // next paint asks the worker for a new one. glowChanges (same architecture, animation on):
    // the edges that changed most since the weights before glow briefly.
    void setNetwork(std::shared_ptr<const core::Network> network, bool glowChanges = false);
    // trace.activations[l]: units x B, column 0 is shown. Called on every input change, and
    // after new weights: a new input lights the layers in a wave, the same input with new
    // weights only moves the neurons to their new values (no wave 30 times a second).
    void setTrace(const core::ForwardTrace& trace);
    void setAnimationEnabled(bool on);
    bool animationEnabled() const { return m_animate; }
    bool isAnimating() const { return m_timer.isActive(); }
    // The clock the wave and the glow run on, in ms; by default the time since the view was
    // made. Tests set their own, so that what a frame shows does not depend on how fast the
    // machine paints.
    void setClock(std::function<double()> clock) { m_testClock = std::move(clock); }

    static constexpr double kGlowMs = 1000.0;
    // How many edges glow now (0 once the glow has faded, or without one).
    int glowingEdges() const { return glowStrength() > 0.0 ? m_glow.edges : 0; }

    // Whether the most active output is marked as the answer (amber ring and digit); off for a
    // blank canvas, whose trace is no answer to anything.
    void setVerdictShown(bool shown);
    bool verdictShown() const { return m_verdictShown; }

    void selectNeuron(std::optional<NeuronId> id);  // no signal
    std::optional<NeuronId> selectedNeuron() const { return m_selected; }
    // The geometry of the last paint or resize (empty before the first).
    const NetworkLayout& layout();
    QString thinningNote() const;
    QString describeNeuron(NeuronId id) const;  // the hover text

    // The layer titles over the columns, in the band above the neurons (no edge runs there),
    // each within half the gap to its neighbours: on two lines ("hidden 2" over "16") when
    // one does not fit.
    struct LayerTitle {
        QRectF box;
        QString text;  // lines separated by '\n'
    };
    std::vector<LayerTitle> layerTitles();

    QSize sizeHint() const override { return {900, 560}; }
    QSize minimumSizeHint() const override { return {280, 200}; }

signals:
    void neuronSelected(int layer, int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    double now() const {
        return m_testClock ? m_testClock() : static_cast<double>(m_clock.nsecsElapsed()) * 1e-6;
    }
    bool traceMatches() const;
    void tick();
    // network_view_paint.cpp
    QRectF networkArea() const;
    void paintPulses(QPainter& painter, double time);
    void paintGlow(QPainter& painter, double time);
    double glowStrength() const { return glowStrengthAt(now()); }
    double glowStrengthAt(double time) const;  // 1 as it arrives, fading to 0 over kGlowMs
    void paintSelection(QPainter& painter);
    void paintNeurons(QPainter& painter, double time);
    void paintLabels(QPainter& painter, double time);
    // Hidden ReLU layers are coloured on their own scale (0 black, the layer's largest
    // activation white), with a small legend under the column.
    float layerScale(int layer) const;
    void paintScaleLegends(QPainter& painter);
    const std::vector<Edge>& pulses(int weightLayer);
    void requestEdgeImage(const NetworkLayout& geometry);  // when anything it shows changed
    void takeEdgeImage();                                  // the worker's result arrived

    std::shared_ptr<const core::Network> m_network;
    NetworkLayout m_layout;
    bool m_layoutValid = false;
    ActivationWave m_wave;
    std::vector<Eigen::VectorXf> m_preActivations;  // per weight layer: units
    std::vector<std::vector<Edge>> m_pulses;        // per weight layer, built when first drawn
    std::vector<bool> m_pulsesValid;
    QElapsedTimer m_clock;
    std::function<double()> m_testClock;  // setClock; empty: m_clock
    QTimer m_timer;
    bool m_animate = true;
    bool m_verdictShown = true;
    std::optional<NeuronId> m_hovered;
    std::optional<NeuronId> m_selected;

    // The pulses of a running wave, rasterised each frame over a copy of the edge picture's
    // stretch they light (device pixels).
    EdgeRasterizer m_pulseRasterizer;
    std::vector<EdgeRasterizer::Line> m_pulseLines;

    // The newest finished edge picture, perhaps of older weights or another size.
    QImage m_edgeImage;
    std::vector<int> m_edgeImageSizes;  // its architecture
    std::uint64_t m_edgeImageGeneration = 0;
    std::uint64_t m_edgeGeneration = 0;  // of the newest request
    bool m_edgesStale = true;            // new weights since the newest request
    QSize m_edgeSize;                    // what the newest request was for
    qreal m_edgeDpr = 0.0;
    QRectF m_edgeArea;
    // The weights the next glow is measured from (null: no glow asked), and the last glow.
    std::shared_ptr<const core::Network> m_glowFrom;
    EdgeLayer::Glow m_glow;
    double m_glowStart = -1e300;  // ms on m_clock
    // Last, so it is destroyed first: its destructor waits for a render in progress. A child
    // (findChild) so that benchmarks can count its pictures.
    EdgeImageWorker m_edgeWorker;
};

}  // namespace digitscope::ui
