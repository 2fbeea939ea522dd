#include "ui/canvas/prediction_bars.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

#include "ui/common/headline_font.h"

namespace digitscope::ui {
namespace {

const QColor kWinner(0xf5, 0xb3, 0x42);
const QColor kBar(0x58, 0x6a, 0x82);

int percent(double share) {
    return static_cast<int>(std::lround(share * 100.0));
}

}  // namespace

PredictionBars::PredictionBars(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void PredictionBars::clear() {
    m_shares.resize(0);
    m_winner = m_runnerUp = -1;
    m_unsure = false;
    update();
}

void PredictionBars::setUnsure(bool unsure) {
    if (unsure == m_unsure || (unsure && !hasPrediction())) return;
    m_unsure = unsure;
    update();
}

void PredictionBars::setProbabilities(const Eigen::VectorXf& outputs) {
    const float sum = outputs.size() > 0 ? outputs.cwiseMax(0.0f).sum() : 0.0f;
    if (!(sum > 0.0f) || !std::isfinite(sum)) return clear();
    m_shares = outputs.cwiseMax(0.0f) / sum;
    m_unsure = false;
    Eigen::Index best = 0;
    m_shares.maxCoeff(&best);
    m_winner = static_cast<int>(best);
    m_runnerUp = -1;
    for (int i = 0; i < m_shares.size(); ++i)
        if (i != m_winner && (m_runnerUp < 0 || m_shares(i) > m_shares(m_runnerUp))) m_runnerUp = i;
    update();
}

double PredictionBars::confidence() const {
    return m_winner < 0 ? 0.0 : static_cast<double>(m_shares(m_winner));
}

QString PredictionBars::verdict() const {
    if (m_winner < 0) return tr("Draw a digit to see what the network thinks");
    if (m_unsure) return tr("Doesn't look like a digit");
    QString text = tr("%1 — %2% sure").arg(m_winner).arg(percent(confidence()));
    if (m_runnerUp >= 0 && m_shares(m_runnerUp) >= 0.15f) text += tr(", maybe %1").arg(m_runnerUp);
    return text;
}

PredictionBars::Geometry PredictionBars::geometry() const {
    Geometry g;
    const QFont headline = headlineFont(font());
    g.headline = QRect(0, 0, width(), QFontMetrics(headline).height() + 10);
    const QFontMetrics metrics(font());
    const int count = hasPrediction() ? static_cast<int>(m_shares.size()) : 10;
    g.top = g.headline.bottom() + 8 + metrics.height();
    g.bottom = height() - (metrics.height() + 6);
    g.slot = static_cast<double>(width()) / count;
    g.barWidth = std::min(g.slot * 0.62, 34.0);
    return g;
}

int PredictionBars::barHeight(int digit, int trackHeight) const {
    const double share = m_shares(digit);
    return static_cast<int>(std::lround(std::max(share * trackHeight, share > 0.005 ? 2.0 : 0.0)));
}

std::vector<PredictionBars::PercentLabel> PredictionBars::percentLabels() const {
    std::vector<PercentLabel> placed;
    if (!hasPrediction()) return placed;
    const Geometry g = geometry();
    if (g.bottom - g.top < 10) return placed;
    const QFontMetrics metrics(font());
    // The winner first, then the larger shares: they keep their places.
    std::vector<int> order;
    for (int i = 0; i < m_shares.size(); ++i)
        if ((i == m_winner && !m_unsure) || m_shares(i) >= 0.05f) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        if ((a == m_winner) != (b == m_winner)) return a == m_winner;
        return m_shares(a) > m_shares(b);
    });
    const double highest = g.headline.bottom() + 1;  // never over the verdict
    for (int i : order) {
        const QString text = QStringLiteral("%1%").arg(percent(m_shares(i)));
        // Centred over the bar, but kept inside the widget: "100%" is wider than a slot.
        const double labelWidth = metrics.horizontalAdvance(text) + 2.0;
        const double centre = g.slot * (i + 0.5);
        const double left =
            std::clamp(centre - labelWidth / 2, 0.0, std::max(0.0, width() - labelWidth));
        const int barTop = g.bottom - barHeight(i, g.bottom - g.top);
        QRectF box(left, barTop - metrics.height() - 2, labelWidth, metrics.height());
        // Up above any label it would cover, as long as there is room.
        for (bool moved = true; moved;) {
            moved = false;
            for (const PercentLabel& other : placed)
                if (box.intersects(other.box)) {
                    box.moveBottom(other.box.top() - 1);
                    moved = true;
                }
        }
        if (box.top() < highest && i != m_winner) continue;
        placed.push_back({i, text, box});
    }
    return placed;
}

int PredictionBars::digitAt(QPoint point) const {
    const QFont headline = headlineFont(font());
    const int barsTop = QFontMetrics(headline).height() + 10;  // below the verdict
    if (!rect().contains(point) || point.y() < barsTop) return -1;
    return std::clamp(point.x() * 10 / std::max(1, width()), 0, 9);
}

void PredictionBars::mousePressEvent(QMouseEvent* event) {
    const int digit = digitAt(event->position().toPoint());
    if (hasPrediction() && digit >= 0 && event->button() == Qt::LeftButton)
        emit digitClicked(digit);
    else
        QWidget::mousePressEvent(event);
}

void PredictionBars::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    const QColor text = pal.color(QPalette::WindowText);
    QColor muted = text;
    muted.setAlphaF(0.55f);
    // The empty part of each bar: the background moved a little towards the text colour.
    const QColor base = pal.color(QPalette::Window);
    const QColor trackColour = QColor::fromRgbF(base.redF() * 0.85f + text.redF() * 0.15f,
                                                base.greenF() * 0.85f + text.greenF() * 0.15f,
                                                base.blueF() * 0.85f + text.blueF() * 0.15f);

    // The verdict, large; or the hint, wrapped into the same space so the bars stay put.
    const QFont headline = headlineFont(font());
    const QRect headlineRect = geometry().headline;
    painter.setPen(hasPrediction() ? text : muted);
    if (hasPrediction()) {
        // One line, never over the bars: a long verdict ("…, maybe 4") gets a smaller font,
        // down to the normal size, and is elided only beyond that.
        QFont fitted = headline;
        const QString line = verdict();
        while (QFontMetrics(fitted).horizontalAdvance(line) > width() &&
               fitted.pointSizeF() > font().pointSizeF())
            fitted.setPointSizeF(std::max(font().pointSizeF(), fitted.pointSizeF() * 0.9));
        painter.setFont(fitted);
        painter.drawText(headlineRect, Qt::AlignLeft | Qt::AlignVCenter,
                         QFontMetrics(fitted).elidedText(line, Qt::ElideRight, width()));
    } else {
        painter.setFont(font());
        painter.drawText(headlineRect, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap,
                         verdict());
    }

    // The bars: one column per digit, labels underneath, shares above the notable ones.
    const int count = hasPrediction() ? static_cast<int>(m_shares.size()) : 10;
    const QFontMetrics metrics(font());
    const int labelHeight = metrics.height() + 6;
    const Geometry g = geometry();
    const int top = g.top, bottom = g.bottom;
    if (bottom - top < 10) return;
    const double slot = g.slot, barWidth = g.barWidth;
    QFont bold = font();
    bold.setBold(true);
    for (int i = 0; i < count; ++i) {
        const double centre = slot * (i + 0.5);
        // Plain rectangles: solid fills are blits, so repainting every frame stays cheap.
        const QRect track(static_cast<int>(std::lround(centre - barWidth / 2)), top,
                          static_cast<int>(std::lround(barWidth)), bottom - top);
        painter.fillRect(track, trackColour);
        const bool winner = i == m_winner && !m_unsure;  // no guess highlighted when unsure
        if (hasPrediction()) {
            const int h = barHeight(i, bottom - top);
            painter.fillRect(QRect(track.left(), track.bottom() + 1 - h, track.width(), h),
                             winner ? kWinner : kBar);
        }
        painter.setFont(winner ? bold : font());
        painter.setPen(winner ? kWinner : (hasPrediction() ? text : muted));
        painter.drawText(QRectF(centre - slot / 2, bottom + 2, slot, labelHeight - 2),
                         Qt::AlignHCenter | Qt::AlignTop, QString::number(i));
    }
    painter.setFont(font());
    for (const PercentLabel& label : percentLabels()) {
        painter.setPen(label.digit == m_winner && !m_unsure ? kWinner : muted);
        painter.drawText(label.box, Qt::AlignCenter | Qt::TextDontClip, label.text);
    }
}

}  // namespace digitscope::ui
