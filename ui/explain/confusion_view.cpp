#include "ui/explain/confusion_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "ui/network/neuron_colours.h"

namespace digitscope::ui {
namespace {

namespace colours = neuron_colours;

QColor mix(const QColor& a, const QColor& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t));
}

}  // namespace

ConfusionView::ConfusionView(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    m_hint = tr("The test set's confusion matrix appears here");
}

void ConfusionView::setReport(std::shared_ptr<const core::ConfusionReport> report,
                              const QString& setName) {
    m_report = std::move(report);
    m_setName = setName;
    update();
}

void ConfusionView::clear(const QString& hint) {
    m_report.reset();
    m_hint = hint;
    update();
}

void ConfusionView::selectCell(int actual, int predicted) {
    m_selected = std::pair(actual, predicted);
    update();
}

QString ConfusionView::title() const {
    if (!m_report) return m_hint;
    return tr("%1: %2% of %L3 correct")
        .arg(m_setName)
        .arg(100.0 * m_report->accuracy(), 0, 'f', 2)
        .arg(m_report->count());
}

QRectF ConfusionView::matrixRect() const {
    const QFontMetrics metrics(font());
    const double line = metrics.lineSpacing();
    const double labels = metrics.horizontalAdvance(QStringLiteral("true 0 ")) + 4;
    const double accuracy = metrics.horizontalAdvance(QStringLiteral("100.0%")) + 10;
    const double top = 8 + line * 3 + 4;  // title, "answered", the digits
    const double side =
        std::max(10.0, std::min(width() - 10 - labels - accuracy - 6, height() - top - line - 10));
    return {10 + labels, top, side, side};
}

QRectF ConfusionView::cellRect(int actual, int predicted) const {
    if (!m_report) return {};
    const QRectF m = matrixRect();
    const double cell = m.width() / m_report->classes();
    return {m.left() + predicted * cell, m.top() + actual * cell, cell, cell};
}

std::optional<std::pair<int, int>> ConfusionView::cellAt(QPointF point) const {
    if (!m_report) return std::nullopt;
    const QRectF m = matrixRect();
    if (!m.contains(point)) return std::nullopt;
    const double cell = m.width() / m_report->classes();
    const int predicted =
        std::min(m_report->classes() - 1, static_cast<int>((point.x() - m.left()) / cell));
    const int actual =
        std::min(m_report->classes() - 1, static_cast<int>((point.y() - m.top()) / cell));
    return std::pair(actual, predicted);
}

void ConfusionView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), colours::kBackground);
    const QFontMetrics metrics(font());
    const double line = metrics.lineSpacing();
    if (!m_report) {
        painter.setPen(colours::kMutedText);
        painter.drawText(rect().adjusted(10, 8, -10, -8), Qt::AlignCenter | Qt::TextWordWrap,
                         m_hint);
        return;
    }
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(colours::kText);
    painter.drawText(QRectF(10, 8, width() - 20, line), Qt::AlignLeft, title());
    painter.setFont(font());
    const QRectF m = matrixRect();
    const int classes = m_report->classes();
    const double cell = m.width() / classes;
    painter.setPen(colours::kMutedText);
    painter.drawText(QRectF(m.left(), 8 + line, m.width(), line), Qt::AlignHCenter,
                     tr("answered →"));
    painter.drawText(QRectF(m.right() + 4, 8 + line * 2, width() - m.right() - 8, line),
                     Qt::AlignLeft, tr("right"));
    std::int64_t worst = 1;  // the largest mistake count sets the red scale
    for (int a = 0; a < classes; ++a)
        for (int p = 0; p < classes; ++p)
            if (a != p) worst = std::max(worst, m_report->at(a, p));
    QFont small = font();
    if (cell < metrics.horizontalAdvance(QStringLiteral("0000")) + 2)
        small.setPointSizeF(std::max(6.0, font().pointSizeF() * 0.8));
    for (int a = 0; a < classes; ++a) {
        painter.setFont(font());
        painter.setPen(colours::kMutedText);
        painter.drawText(QRectF(m.left() + a * cell, m.top() - line, cell, line), Qt::AlignCenter,
                         QString::number(a));
        painter.drawText(QRectF(10, m.top() + a * cell, m.left() - 14, cell),
                         Qt::AlignRight | Qt::AlignVCenter, tr("true %1").arg(a));
        const double accuracy = m_report->classAccuracy(a);
        painter.drawText(QRectF(m.right() + 4, m.top() + a * cell, width() - m.right() - 8, cell),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         std::isnan(accuracy)
                             ? QStringLiteral("–")
                             : QStringLiteral("%1%").arg(100 * accuracy, 0, 'f', 1));
        painter.setFont(small);
        for (int p = 0; p < classes; ++p) {
            const std::int64_t count = m_report->at(a, p);
            const QRectF box = cellRect(a, p).adjusted(0.5, 0.5, -0.5, -0.5);
            const double share = static_cast<double>(count) / static_cast<double>(worst);
            // An empty diagonal cell (a class absent from a small set) stays background.
            const QColor fill =
                a == p ? mix(colours::kBackground, colours::kPositive, count == 0 ? 0.0 : 0.45)
                       : mix(colours::kBackground, colours::kNegative,
                             count == 0 ? 0.0 : 0.15 + 0.85 * std::sqrt(share));
            painter.fillRect(box, fill);
            if (count == 0) continue;
            painter.setPen(a == p || share > 0.4 ? colours::kText : colours::kMutedText);
            painter.drawText(box, Qt::AlignCenter, QString::number(count));
        }
    }
    painter.setBrush(Qt::NoBrush);
    for (const auto& [which, colour] :
         {std::pair{m_hovered, QColor(Qt::white)}, std::pair{m_selected, colours::kSelection}}) {
        if (!which) continue;
        painter.setPen(QPen(colour, 2.0));
        painter.drawRect(cellRect(which->first, which->second));
    }
    painter.setFont(font());
    painter.setPen(colours::kMutedText);
    painter.drawText(QRectF(10, m.bottom() + 4, width() - 20, line), Qt::AlignLeft,
                     tr("Click a cell to see its digits"));
}

void ConfusionView::mouseMoveEvent(QMouseEvent* event) {
    const auto hit = cellAt(event->position());
    if (hit == m_hovered) return;
    m_hovered = hit;
    update();
    if (hit && m_report)
        QToolTip::showText(event->globalPosition().toPoint(),
                           tr("%1 test digits labelled %2 answered %3")
                               .arg(m_report->at(hit->first, hit->second))
                               .arg(hit->first)
                               .arg(hit->second),
                           this);
}

void ConfusionView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
    const auto hit = cellAt(event->position());
    if (!hit) return;
    m_selected = hit;
    update();
    emit cellClicked(hit->first, hit->second);
}

void ConfusionView::leaveEvent(QEvent*) {
    if (!m_hovered) return;
    m_hovered.reset();
    update();
}

}  // namespace digitscope::ui
