#include "ui/network/network_view.h"

#include <QMouseEvent>
#include <QToolTip>
#include <algorithm>
#include <utility>

namespace digitscope::ui {

NetworkView::NetworkView(QWidget* parent) : QWidget(parent), m_edgeWorker(this) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);  // the paint fills every pixel
    m_clock.start();
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(16);  // about the screen's rate
    connect(&m_timer, &QTimer::timeout, this, &NetworkView::tick);
    connect(&m_edgeWorker, &EdgeImageWorker::resultReady, this, &NetworkView::takeEdgeImage,
            Qt::QueuedConnection);
}

void NetworkView::setNetwork(std::shared_ptr<const core::Network> network, bool glowChanges) {
    const bool sameShape =
        network && m_network && network->architecture().sizes == m_network->architecture().sizes;
    if (!glowChanges || !sameShape || !m_animate)
        m_glowFrom.reset();
    else if (!m_glowFrom)  // else weights not yet sent to the worker: measure from those before
        m_glowFrom = m_network;
    m_network = std::move(network);
    m_edgesStale = true;
    m_pulsesValid.assign(m_pulsesValid.size(), false);
    if (!sameShape) {
        m_layoutValid = false;
        m_wave.clear();
        m_preActivations.clear();
        m_hovered.reset();
        if (m_selected) {
            // Whoever shows the selection (the inspector) must let it go too.
            m_selected.reset();
            emit neuronSelected(-1, -1);
        }
    }
    update();
}

void NetworkView::setVerdictShown(bool shown) {
    if (m_verdictShown == shown) return;
    m_verdictShown = shown;
    update();
}

bool NetworkView::traceMatches() const {
    if (!m_network || m_wave.layerCount() != m_network->layerCount() + 1) return false;
    const auto& sizes = m_network->architecture().sizes;
    for (int l = 0; l < m_wave.layerCount(); ++l)
        if (m_wave.target(l).size() != sizes[l]) return false;
    return true;
}

void NetworkView::setTrace(const core::ForwardTrace& trace) {
    std::vector<Eigen::VectorXf> targets;
    targets.reserve(trace.activations.size());
    for (const core::Matrix& a : trace.activations) {
        if (a.cols() == 0) break;
        targets.emplace_back(a.col(0));
    }
    if (targets.empty() || targets.size() != trace.activations.size()) {
        m_wave.clear();  // no prediction (no model, or an empty trace): neurons go dark
        update();
        return;
    }
    // The same input with new weights (a lesson's or a training run's steps, ~30 a second):
    // no new wave, whose pulses would repaint the view 60 times a second throughout.
    const bool sameInput = traceMatches() && m_wave.target(0).size() == targets[0].size() &&
                           m_wave.target(0) == targets[0];
    m_preActivations.clear();
    for (const core::Matrix& z : trace.preActivations)
        if (z.cols() > 0) m_preActivations.emplace_back(z.col(0));
    m_wave.setTargets(std::move(targets), now(), m_animate, /*newInput=*/!sameInput);
    m_pulses.assign(trace.preActivations.size(), {});
    m_pulsesValid.assign(trace.preActivations.size(), false);
    if (m_wave.running(now()) && !m_timer.isActive()) m_timer.start();
    update();
}

void NetworkView::setAnimationEnabled(bool on) {
    m_animate = on;
    if (!on) {
        m_wave.finish();
        m_timer.stop();
        update();
    }
}

void NetworkView::tick() {
    // This last frame shows the settled state.
    if (!m_wave.running(now()) && glowStrength() <= 0.0) m_timer.stop();
    update();
}

double NetworkView::glowStrengthAt(double time) const {
    if (m_glow.image.isNull()) return 0.0;
    return std::clamp(1.0 - (time - m_glowStart) / kGlowMs, 0.0, 1.0);
}

void NetworkView::selectNeuron(std::optional<NeuronId> id) {
    if (id && !layout().contains(*id)) id.reset();
    m_selected = id;
    update();
}

const NetworkLayout& NetworkView::layout() {
    if (!m_layoutValid) {
        m_layout = m_network ? NetworkLayout(m_network->architecture().sizes, networkArea())
                             : NetworkLayout();
        m_layoutValid = true;
    }
    return m_layout;
}

QString NetworkView::thinningNote() const {
    return m_network ? EdgeLayer::thinningNote(m_network->architecture().sizes) : QString();
}

void NetworkView::requestEdgeImage(const NetworkLayout& geometry) {
    const qreal dpr = devicePixelRatioF();
    if (!m_edgesStale && m_edgeSize == size() && m_edgeDpr == dpr && m_edgeArea == geometry.area())
        return;
    m_edgesStale = false;
    m_edgeSize = size();
    m_edgeDpr = dpr;
    m_edgeArea = geometry.area();
    EdgeImageWorker::Request request{
        m_network, geometry, size(), dpr, ++m_edgeGeneration, std::exchange(m_glowFrom, nullptr)};
    if (m_edgeImage.isNull() || m_edgeImageSizes != geometry.sizes()) {
        // Nothing to show for this architecture: render here, once, so no frame lacks edges.
        m_edgeImage = EdgeLayer().render(*m_network, geometry, size(), dpr);
        m_edgeImageSizes = geometry.sizes();
        m_edgeImageGeneration = request.generation;
        m_glow = {};
        return;
    }
    m_edgeWorker.request(std::move(request));
}

void NetworkView::takeEdgeImage() {
    std::optional<EdgeImageWorker::Result> result = m_edgeWorker.takeResult();
    // An older request's picture may land after a newer one painted here: keep the newer.
    if (!result || result->generation <= m_edgeImageGeneration) return;
    m_edgeImage = std::move(result->image);
    m_edgeImageSizes = std::move(result->sizes);
    m_edgeImageGeneration = result->generation;
    // A picture without a glow (a resize, other weights) ends the last one: it lit the old edges.
    m_glow = std::move(result->glow);
    if (!m_glow.image.isNull()) {
        m_glowStart = now();
        if (!m_timer.isActive()) m_timer.start();
    }
    update();
}

void NetworkView::resizeEvent(QResizeEvent*) {
    m_layoutValid = false;
}

QString NetworkView::describeNeuron(NeuronId id) const {
    if (!m_network || !m_layout.contains(id)) return {};
    const bool values = traceMatches();
    const double activation = values ? m_wave.target(id.layer)(id.index) : 0.0;
    if (id.layer == 0) {
        const int side = m_layout.inputIsGrid() ? m_layout.gridSide() : 0;
        const QString where =
            side > 0 ? tr("Input pixel (%1, %2)").arg(id.index % side).arg(id.index / side)
                     : tr("Input %1").arg(id.index);
        return where + (values ? tr("\nvalue %1").arg(activation, 0, 'f', 3) : QString());
    }
    const bool output = id.layer == m_layout.layerCount() - 1;
    // Softmax outputs (cross-entropy) are probabilities; sigmoid outputs are not.
    const bool softmax = m_network->architecture().loss == core::Loss::CrossEntropy;
    QString text = output ? tr("Output neuron %1").arg(id.index)
                          : tr("Hidden layer %1 · neuron %2").arg(id.layer).arg(id.index);
    if (values && output && softmax)
        text += tr("\nprobability %1 (%2%)")
                    .arg(activation, 0, 'f', 3)
                    .arg(100 * activation, 0, 'f', 1);
    else if (values)
        text += tr("\nactivation %1").arg(activation, 0, 'f', 3);
    if (values && id.layer - 1 < static_cast<int>(m_preActivations.size()))
        text += tr(" (weighted sum %1)")
                    .arg(static_cast<double>(m_preActivations[id.layer - 1](id.index)), 0, 'f', 3);
    text += tr("\nbias %1")
                .arg(static_cast<double>(m_network->biases(id.layer - 1)(id.index)), 0, 'f', 3);
    return text;
}

void NetworkView::mouseMoveEvent(QMouseEvent* event) {
    const auto hit = layout().hitTest(event->position());
    if (hit == m_hovered) return;
    m_hovered = hit;
    update();
    if (hit)
        QToolTip::showText(event->globalPosition().toPoint(), describeNeuron(*hit), this);
    else
        QToolTip::hideText();
}

void NetworkView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
    m_selected = layout().hitTest(event->position());
    update();
    emit neuronSelected(m_selected ? m_selected->layer : -1, m_selected ? m_selected->index : -1);
}

void NetworkView::leaveEvent(QEvent*) {
    if (!m_hovered) return;
    m_hovered.reset();
    update();
}

}  // namespace digitscope::ui
