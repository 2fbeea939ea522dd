// The network view's painting: the cached edges, the pulses of a running wave, the selected
// neuron's incoming edges, the neurons and the labels.
#include <QFontMetrics>
#include <QLinearGradient>
#include <QPainter>
#include <algorithm>

#include "ui/network/network_view.h"
#include "ui/network/neuron_colours.h"

namespace digitscope::ui {
namespace {

namespace colours = neuron_colours;
constexpr int kPulseCount = 400;  // strongest weight x activation edges a wave carries
const QColor kOutline(0x4a, 0x52, 0x60);

}  // namespace

QRectF NetworkView::networkArea() const {
    const QFontMetrics metrics(font());
    const double top = 2 * metrics.height() + 12;  // the layer titles, on up to two lines
    // Two lines for the thinning note, which may wrap in a narrow view,
    // and a line for the colour-scale legends under the hidden columns.
    const double bottom = metrics.height() * (thinningNote().isEmpty() ? 2 : 3) + 16;
    const double right = metrics.horizontalAdvance(QStringLiteral("9")) + 20;
    const QRectF area(QPointF(12, top), QPointF(width() - right, height() - bottom));
    return area.isValid() ? area : QRectF(rect()).adjusted(1, 1, -1, -1).normalized();
}

const std::vector<Edge>& NetworkView::pulses(int weightLayer) {
    if (!m_pulsesValid[weightLayer]) {
        // weights: units(l+1) x units(l); the source layer's newest activations drive it.
        m_pulses[weightLayer] = NetworkEdges::strongestContributions(
            m_network->weights(weightLayer), m_wave.target(weightLayer), kPulseCount);
        m_pulsesValid[weightLayer] = true;
    }
    return m_pulses[weightLayer];
}

void NetworkView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    if (!m_network) {
        painter.fillRect(rect(), colours::kBackground);
        painter.setPen(colours::kMutedText);
        painter.drawText(rect(), Qt::AlignCenter, tr("No model loaded"));
        return;
    }
    const NetworkLayout& geometry = layout();
    requestEdgeImage(geometry);
    const bool edgesFit = m_edgeImage.deviceIndependentSize() == QSizeF(size());
    if (edgesFit)
        painter.drawImage(QPointF(0, 0), m_edgeImage);
    else  // of the size before a resize, until the worker's new one arrives
        painter.drawImage(QRectF(rect()), m_edgeImage);
    painter.setRenderHint(QPainter::Antialiasing);
    const double time = now();
    if (edgesFit) paintGlow(painter, time);
    // Pulses are laid onto the edge picture's pixels: none over a stretched one (a few frames).
    if (edgesFit && traceMatches()) paintPulses(painter, time);
    paintSelection(painter);
    paintNeurons(painter, time);
    paintLabels(painter, time);
    paintScaleLegends(painter);
}

float NetworkView::layerScale(int layer) const {
    // Hidden ReLU layers on their own scale (the settled values, so it holds during a wave);
    // the input, the outputs and bounded activations on 0..1.
    const bool hidden = layer > 0 && layer + 1 < m_layout.layerCount();
    if (!hidden || !traceMatches() || m_network->architecture().hidden != core::Activation::Relu)
        return 1.0f;
    return colours::layerScale(m_wave.target(layer));
}

void NetworkView::paintScaleLegends(QPainter& painter) {
    // Under each hidden column: black (0) to white (the layer's largest activation), labelled.
    QFont small = font();
    small.setPointSizeF(std::max(6.0, font().pointSizeF() * 0.8));
    const QFontMetrics metrics(small);
    painter.setFont(small);
    for (int l = 1; l + 1 < m_layout.layerCount(); ++l) {
        const float scale = layerScale(l);
        if (scale <= 1.0f) continue;
        const QRectF column = m_layout.columnRect(l);
        const double spacing = std::abs(m_layout.columnX(l + 1) - m_layout.columnX(l));
        const double width = std::clamp(spacing * 0.7, 24.0, 90.0);
        const QRectF bar(m_layout.columnX(l) - width / 2, column.bottom() + 6, width, 5);
        QLinearGradient ramp(bar.topLeft(), bar.topRight());
        ramp.setColorAt(0.0, colours::activation(0.0f));
        ramp.setColorAt(1.0, colours::activation(1.0f));
        painter.fillRect(bar, ramp);
        painter.setPen(kOutline);
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(bar);
        painter.setPen(colours::kMutedText);
        const QRectF under(bar.left(), bar.bottom() + 1, bar.width(), metrics.height());
        painter.drawText(under, Qt::AlignLeft | Qt::AlignTop, QStringLiteral("0"));
        painter.drawText(under, Qt::AlignRight | Qt::AlignTop,
                         QString::number(static_cast<double>(scale), 'f', scale < 10 ? 1 : 0));
    }
    painter.setFont(font());
}

void NetworkView::paintPulses(QPainter& painter, double time) {
    // Added as light, so a pulse glows over the edge it runs along: rasterised here rather
    // than stroked with QPainter, whose antialiased fills of ~1,000 lines a frame (60 a second
    // while the user draws) cost most of the GUI thread and wait on Qt's thread pool.
    const qreal dpr = m_edgeImage.devicePixelRatio();
    m_pulseLines.clear();
    for (int l = 0; l + 1 < m_wave.layerCount(); ++l) {
        const double p = m_wave.progress(l + 1, time);
        if (p <= 0.0 || p >= 1.0) continue;
        const std::vector<Edge>& edges = pulses(l);
        float scale = 0.0f;
        for (const Edge& e : edges) scale = std::max(scale, std::abs(e.value));
        if (!(scale > 0.0f)) continue;
        // A stretch a third of the edge long running from the source layer to this one.
        EdgeLayer::appendEdgeLines(m_layout, l, edges, scale, 1.0, dpr, std::max(0.0, p - 0.35),
                                   std::min(1.0, p + 0.05), m_pulseLines);
    }
    if (m_pulseLines.empty()) return;
    if (m_pulseRasterizer.size() != m_edgeImage.size())
        m_pulseRasterizer.reset(m_edgeImage.size());
    else
        m_pulseRasterizer.clear();
    m_pulseRasterizer.addLines(m_pulseLines);
    const QRect lit = m_pulseRasterizer.litRect();
    if (lit.isEmpty()) return;
    QImage frame = m_edgeImage.copy(lit);  // device pixels, RGB32
    m_pulseRasterizer.addOnto(frame, lit.topLeft(), colours::kPositive, colours::kNegative);
    frame.setDevicePixelRatio(dpr);
    painter.drawImage(QPointF(lit.topLeft()) / dpr, frame);
}

void NetworkView::paintGlow(QPainter& painter, double time) {
    const double strength = glowStrengthAt(time);
    if (strength <= 0.0 || m_glow.image.devicePixelRatio() != m_edgeImage.devicePixelRatio())
        return;
    // The glow image is the edge picture's lit stretch with the light added: over the
    // picture at this opacity it adds that much of the light.
    painter.setOpacity(strength * strength);  // eases out
    painter.drawImage(QPointF(m_glow.origin) / m_glow.image.devicePixelRatio(), m_glow.image);
    painter.setOpacity(1.0);
}

void NetworkView::paintSelection(QPainter& painter) {
    if (!m_selected || m_selected->layer == 0) return;
    // Dim everything else, then draw all the neuron's incoming edges, strongest brightest. With
    // an input, "strongest" is each term of its weighted sum, weight x the source's activation
    // now (the Explain panel's arithmetic lists the largest), so silent inputs drop out;
    // without one (or all silent), the weights themselves.
    QColor veil = colours::kBackground;
    veil.setAlpha(170);
    painter.fillRect(rect(), veil);
    const int l = m_selected->layer - 1;
    const auto row = m_network->weights(l).row(m_selected->index);  // 1 x inputs
    Eigen::VectorXf values = row.transpose();
    if (traceMatches() && m_wave.target(l).size() == row.size() &&
        m_wave.target(l).cwiseAbs().maxCoeff() > 0.0f)
        values = values.cwiseProduct(m_wave.target(l));
    std::vector<Edge> edges(static_cast<std::size_t>(row.size()));
    for (int i = 0; i < row.size(); ++i)
        edges[static_cast<std::size_t>(i)] = {i, m_selected->index, values(i)};
    const float scale = std::max(values.cwiseAbs().maxCoeff(), 1e-6f);
    EdgeLayer::drawEdges(
        painter, m_layout, l, edges, scale,
        std::min(1.0, 3.0 * EdgeLayer::densityBoost(static_cast<int>(row.size()))));
}

void NetworkView::paintNeurons(QPainter& painter, double time) {
    const bool values = traceMatches();
    const int winnerLayer = m_layout.layerCount() - 1;
    for (int l = 0; l < m_layout.layerCount(); ++l) {
        const Eigen::VectorXf shown =
            values ? m_wave.shown(l, time) : Eigen::VectorXf::Zero(m_layout.size(l));
        if (l == 0 && m_layout.inputIsGrid()) {
            const int side = m_layout.gridSide();
            QImage pixels(side, side, QImage::Format_RGB32);
            for (int i = 0; i < side * side; ++i)
                pixels.setPixel(i % side, i / side, colours::activation(shown(i)).rgb());
            painter.drawImage(m_layout.gridRect(), pixels);  // nearest neighbour: crisp cells
            painter.setPen(kOutline);
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(m_layout.gridRect());
            continue;
        }
        const bool round = m_layout.roundCells(l);
        const float scale = layerScale(l);
        Eigen::Index winner = -1;
        if (l == winnerLayer && values && m_verdictShown && shown.size() > 0)
            shown.maxCoeff(&winner);
        painter.setPen(round ? QPen(kOutline, 1.0) : Qt::NoPen);
        if (!round) painter.fillRect(m_layout.columnRect(l), Qt::black);  // no seams between bars
        for (int i = 0; i < m_layout.size(l); ++i) {
            const QRectF cell = m_layout.cellRect({l, i});
            const QColor fill = colours::scaledActivation(shown(i), scale);
            if (!round) {
                painter.fillRect(cell, fill);
                continue;
            }
            painter.setBrush(fill);
            if (i == winner) {
                painter.setPen(QPen(colours::kWinner, 2.5));
                painter.drawEllipse(cell);
                painter.setPen(QPen(kOutline, 1.0));
            } else {
                painter.drawEllipse(cell);
            }
        }
    }
    // Rings for the hovered and the selected neuron, drawn over everything.
    painter.setBrush(Qt::NoBrush);
    for (const auto& [id, colour, width] : {std::tuple{m_hovered, QColor(Qt::white), 1.5},
                                            std::tuple{m_selected, colours::kSelection, 2.5}}) {
        if (!id || !m_layout.contains(*id)) continue;
        painter.setPen(QPen(colour, width));
        const QRectF cell = m_layout.cellRect(*id).adjusted(-2, -2, 2, 2);
        if (m_layout.roundCells(id->layer))
            painter.drawEllipse(cell);
        else
            painter.drawRect(cell);
    }
}

std::vector<NetworkView::LayerTitle> NetworkView::layerTitles() {
    const NetworkLayout& geometry = layout();
    const QFontMetrics metrics(font());
    const int last = geometry.layerCount() - 1;
    std::vector<LayerTitle> titles;
    for (int l = 0; l <= last; ++l) {
        const QString size = l == 0 && geometry.inputIsGrid() ? tr("%1×%1").arg(geometry.gridSide())
                                                              : QString::number(geometry.size(l));
        // From the longest to the shortest; the first that fits is shown (the hover text
        // names the layer in full).
        const std::vector<QStringList> choices =
            l == 0      ? std::vector<QStringList>{{tr("input") + QStringLiteral(" · ") + size},
                                                   {tr("input"), size},
                                                   {tr("in"), size}}
            : l == last ? std::vector<QStringList>{{tr("output")}, {tr("out")}}
                        : std::vector<QStringList>{{tr("hidden %1 · %2").arg(l).arg(size)},
                                                   {tr("hidden %1").arg(l), size},
                                                   {tr("h%1").arg(l), size}};
        const double x = geometry.columnX(l);
        const double left = l == 0 ? 0.0 : (geometry.columnX(l - 1) + x) / 2;
        const double right = l == last ? width() : (x + geometry.columnX(l + 1)) / 2;
        // Centred over its column when it can be, else moved aside within half the gaps to its
        // neighbours (the output's title has the margin of the digits on its right).
        const double room = std::max(12.0, right - left - 4);
        const int limit = static_cast<int>(room) - 1;  // elidedText measures a little wider
        const auto widest = [&](const QStringList& lines) {
            int most = 0;
            for (const QString& line : lines)
                most = std::max(most, metrics.horizontalAdvance(line));
            return most;
        };
        auto chosen = std::find_if(choices.begin(), choices.end(), [&](const QStringList& lines) {
            return widest(lines) <= limit;
        });
        QStringList lines = chosen != choices.end() ? *chosen : choices.back();
        for (QString& line : lines)
            line = metrics.elidedText(line, Qt::ElideRight, static_cast<int>(room));
        const double span = std::min(room, widest(lines) + 2.0);
        const double boxLeft = std::clamp(x - span / 2, left + 2, left + 2 + room - span);
        const double height = metrics.height() * static_cast<double>(lines.size());
        const double bottom = geometry.area().top() - 6;
        titles.push_back(
            {QRectF(boxLeft, bottom - height, span, height), lines.join(QLatin1Char('\n'))});
    }
    return titles;
}

void NetworkView::paintLabels(QPainter& painter, double time) {
    const QFontMetrics metrics(font());
    const int last = m_layout.layerCount() - 1;
    painter.setPen(colours::kMutedText);
    for (const LayerTitle& title : layerTitles())
        painter.drawText(title.box, Qt::AlignHCenter | Qt::AlignBottom, title.text);
    // The digits beside the outputs, the winner in amber.
    const bool values = traceMatches();
    Eigen::Index winner = -1;
    if (values && m_verdictShown) m_wave.shown(last, time).maxCoeff(&winner);
    if (m_layout.pitch(last) >= metrics.height() * 0.8) {
        QFont bold = font();
        bold.setBold(true);
        for (int i = 0; i < m_layout.size(last); ++i) {
            const QRectF cell = m_layout.cellRect({last, i});
            painter.setFont(i == winner ? bold : font());
            painter.setPen(i == winner ? colours::kWinner : colours::kText);
            painter.drawText(QRectF(cell.right() + 6, cell.center().y() - metrics.height() / 2.0,
                                    40, metrics.height()),
                             Qt::AlignLeft | Qt::AlignVCenter, QString::number(i));
        }
        painter.setFont(font());
    }
    const QString note = thinningNote();
    if (!note.isEmpty()) {
        painter.setPen(colours::kMutedText);
        painter.drawText(
            QRectF(12, height() - 2 * metrics.height() - 6, width() - 24, 2 * metrics.height()),
            Qt::AlignLeft | Qt::AlignBottom | Qt::TextWordWrap, note);
    }
}

}  // namespace digitscope::ui
