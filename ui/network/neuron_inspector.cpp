#include "ui/network/neuron_inspector.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

#include "ui/network/neuron_colours.h"

namespace digitscope::ui {
namespace {

namespace colours = neuron_colours;

int squareSide(int units) {
    const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(units))));
    return side * side == units ? side : 0;
}

}  // namespace

NeuronInspector::NeuronInspector(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void NeuronInspector::setNetwork(std::shared_ptr<const core::Network> network) {
    const bool sameShape =
        network && m_network && network->architecture().sizes == m_network->architecture().sizes;
    m_network = std::move(network);
    if (!sameShape) m_activations.clear();
    if (m_selected && !isValid(*m_selected)) m_selected.reset();
    update();
}

void NeuronInspector::setTrace(const core::ForwardTrace& trace) {
    m_activations.clear();
    for (const core::Matrix& a : trace.activations)
        if (a.cols() > 0) m_activations.emplace_back(a.col(0));
    if (m_selected) update();
}

bool NeuronInspector::isValid(NeuronId id) const {
    if (!m_network) return false;
    const auto& sizes = m_network->architecture().sizes;
    return id.layer >= 0 && id.layer < static_cast<int>(sizes.size()) && id.index >= 0 &&
           id.index < sizes[id.layer];
}

void NeuronInspector::showNeuron(int layer, int index) {
    const NeuronId id{layer, index};
    m_selected = isValid(id) ? std::optional(id) : std::nullopt;
    update();
}

double NeuronInspector::activation(int layer, int index) const {
    if (layer >= static_cast<int>(m_activations.size()) || index >= m_activations[layer].size())
        return 0.0;
    return m_activations[layer](index);
}

Eigen::VectorXf NeuronInspector::incomingWeights() const {
    if (!m_selected || m_selected->layer == 0) return {};
    return m_network->weights(m_selected->layer - 1).row(m_selected->index).transpose();
}

QString NeuronInspector::title() const {
    if (!m_selected) return tr("Click a neuron to see what it looks for");
    const auto [layer, index] = *m_selected;
    const int last = m_network->layerCount();
    if (layer == 0) {
        const int side = squareSide(m_network->architecture().inputSize());
        return side > 0 ? tr("Input pixel (%1, %2)").arg(index % side).arg(index / side)
                        : tr("Input %1").arg(index);
    }
    if (layer == last) return tr("Output neuron %1").arg(index);
    return tr("Hidden layer %1 · neuron %2").arg(layer).arg(index);
}

QImage NeuronInspector::weightMap() const {
    if (!m_selected || m_selected->layer != 1) return {};
    const int side = squareSide(m_network->architecture().inputSize());
    if (side == 0) return {};
    const Eigen::VectorXf w = incomingWeights();                   // side * side, row-major pixels
    const float scale = std::max(w.cwiseAbs().maxCoeff(), 1e-9f);  // symmetric around 0
    QImage image(side, side, QImage::Format_RGB32);
    for (int i = 0; i < w.size(); ++i)
        image.setPixel(i % side, i / side, colours::weight(w(i), scale).rgb());
    return image;
}

void NeuronInspector::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), colours::kBackground);
    if (!m_selected) {
        painter.setPen(colours::kMutedText);
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, title());
        return;
    }
    const QRectF area = QRectF(rect()).adjusted(12, 10, -12, -10);
    if (m_selected->layer == 0) return paintDetails(painter, area);
    if (!weightMap().isNull()) {
        const double side = std::max(0.0, std::min(area.height(), area.width() * 0.4));
        paintHeatMap(painter, QRectF(area.topLeft(), QSizeF(side, side)));
        paintDetails(painter, area.adjusted(side + 16, 0, 0, 0));
        return;
    }
    const QFontMetrics metrics(font());
    const double textHeight = std::min(area.height() * 0.5, metrics.lineSpacing() * 3.0 + 4);
    paintDetails(painter, QRectF(area.left(), area.top(), area.width(), textHeight));
    paintBars(painter, area.adjusted(0, textHeight + 4, 0, 0));
}

void NeuronInspector::paintDetails(QPainter& painter, const QRectF& box) {
    const auto [layer, index] = *m_selected;
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics metrics(bold);
    painter.setFont(bold);
    painter.setPen(colours::kText);
    painter.drawText(box, Qt::AlignLeft | Qt::AlignTop, title());
    painter.setFont(font());
    QString lines;
    const double a = activation(layer, index);
    if (layer == 0) {
        lines = tr("value %1 (0 = blank, 1 = ink)").arg(a, 0, 'f', 3);
    } else {
        const double bias = m_network->biases(layer - 1)(index);
        lines = tr("activation %1 · bias %2 · %3 incoming weights")
                    .arg(a, 0, 'f', 3)
                    .arg(bias, 0, 'f', 3)
                    .arg(m_network->architecture().sizes[layer - 1]);
        const float scale = incomingWeights().cwiseAbs().maxCoeff();
        lines += layer == 1 && !weightMap().isNull()
                     ? tr("\nBlue: ink there raises the activation; red: lowers it (±%1).")
                           .arg(static_cast<double>(scale), 0, 'f', 3)
                     : tr("\nBlue bars excite, red inhibit (±%1); faint: that input is quiet now.")
                           .arg(static_cast<double>(scale), 0, 'f', 3);
    }
    painter.setPen(colours::kMutedText);
    painter.drawText(box.adjusted(0, metrics.lineSpacing() + 4, 0, 0),
                     Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, lines);
}

void NeuronInspector::paintHeatMap(QPainter& painter, const QRectF& box) {
    painter.drawImage(box, weightMap());  // nearest neighbour: one square per pixel
    painter.setPen(QColor(0x4a, 0x52, 0x60));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(box);
}

void NeuronInspector::paintBars(QPainter& painter, const QRectF& box) {
    const Eigen::VectorXf w = incomingWeights();  // inputs
    if (w.size() == 0 || box.height() < 4) return;
    const float scale = std::max(w.cwiseAbs().maxCoeff(), 1e-9f);
    // Each bar's opacity follows the input's activation now, relative to the layer's largest.
    const int source = m_selected->layer - 1;
    Eigen::VectorXf lit = Eigen::VectorXf::Ones(w.size());
    if (source < static_cast<int>(m_activations.size()) &&
        m_activations[source].size() == w.size()) {
        const float top = m_activations[source].cwiseAbs().maxCoeff();
        if (top > 0) lit = (m_activations[source].cwiseAbs() / top).array() * 0.75f + 0.25f;
    }
    const double slot = box.width() / static_cast<double>(w.size());
    const double mid = box.center().y();
    painter.setPen(QColor(0x3a, 0x41, 0x4d));
    painter.drawLine(QPointF(box.left(), mid), QPointF(box.right(), mid));
    for (int i = 0; i < w.size(); ++i) {
        QColor colour = w(i) >= 0 ? colours::kPositive : colours::kNegative;
        colour.setAlphaF(lit(i));
        const double h = std::abs(w(i)) / scale * (box.height() / 2 - 1);
        const QRectF bar(box.left() + i * slot + (slot > 3 ? slot * 0.15 : 0.0),
                         w(i) >= 0 ? mid - h : mid, slot > 3 ? slot * 0.7 : std::max(slot, 1.0), h);
        painter.fillRect(bar, colour);
    }
}

}  // namespace digitscope::ui
