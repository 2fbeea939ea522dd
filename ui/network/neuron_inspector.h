#pragma once

#include <Eigen/Core>
#include <QImage>
#include <QString>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

#include "core/nn/network.h"
#include "ui/network/network_layout.h"

namespace digitscope::ui {

// One neuron up close, below the network view: for a first-hidden-layer neuron its 784
// incoming weights as a 28 x 28 blue/red heat map ("what is this neuron looking for"), for a
// deeper neuron its incoming weights as bars, each shaded by the previous layer's
// activation, for an input pixel its value; with the activation, bias and index. Neurons are
// numbered as NetworkView's (layer 0 = input, 1.. hidden, last = output).
class NeuronInspector : public QWidget {
    Q_OBJECT
public:
    explicit NeuronInspector(QWidget* parent = nullptr);

    // A different architecture drops a selection that no longer exists.
    void setNetwork(std::shared_ptr<const core::Network> network);
    void setTrace(const core::ForwardTrace& trace);  // column 0 of each layer is shown

    std::optional<NeuronId> selectedNeuron() const { return m_selected; }
    QString title() const;  // "Hidden layer 1 · neuron 5", or the hint with nothing selected
    // The selected first-hidden neuron's weights as a side x side image on a symmetric
    // blue (positive) / red (negative) scale; null for any other selection.
    QImage weightMap() const;

    QSize sizeHint() const override { return {600, 190}; }
    QSize minimumSizeHint() const override { return {240, 120}; }

    // Out-of-range neurons (and layer -1) clear the selection.
    void showNeuron(int layer, int index);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    bool isValid(NeuronId id) const;
    Eigen::VectorXf incomingWeights() const;        // the selected neuron's row of W: inputs
    double activation(int layer, int index) const;  // 0 without a matching trace
    void paintDetails(QPainter& painter, const QRectF& box);
    void paintHeatMap(QPainter& painter, const QRectF& box);
    void paintBars(QPainter& painter, const QRectF& box);

    std::shared_ptr<const core::Network> m_network;
    std::vector<Eigen::VectorXf> m_activations;  // per neuron layer: units
    std::optional<NeuronId> m_selected;
};

}  // namespace digitscope::ui
