#include "ui/training/loss_chart_legend.h"

#include <QCheckBox>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QToolButton>
#include <QVBoxLayout>

namespace digitscope::ui {
namespace {

QPixmap swatch(const QColor& colour, int side) {
    QPixmap pixmap(side, side);
    pixmap.fill(colour);
    return pixmap;
}

}  // namespace

LossChartLegend::LossChartLegend(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 0);
    layout->setSpacing(0);
    m_rows = new QVBoxLayout;
    m_rows->setSpacing(0);
    layout->addLayout(m_rows);
    m_hint = new QLabel(styleHint());
    m_hint->setObjectName(QStringLiteral("lossChartHint"));
    m_hint->setWordWrap(true);
    m_hint->setEnabled(false);  // muted
    m_hint->setToolTip(lossHint());
    layout->addWidget(m_hint);
}

QString LossChartLegend::styleHint() {
    return tr(
        "thin, thick: training loss (raw, smoothed) · dashed: test loss · dotted: test "
        "accuracy, right axis. Training loss above test loss is normal: its digits are "
        "distorted.");
}

QString LossChartLegend::lossHint() {
    return tr(
        "Training loss above the test loss is expected here: the training digits are "
        "distorted (augmentation, pad-style strokes) and the loss is taken while the "
        "weights still change, while the test digits are clean and scored after the "
        "epoch.");
}

void LossChartLegend::setEntries(const std::vector<Entry>& entries) {
    while (QLayoutItem* item = m_rows->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const int side = fontMetrics().height() - 4;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Entry& entry = entries[i];
        const int index = static_cast<int>(i);
        auto* row = new QWidget;
        row->setObjectName(QStringLiteral("lossChartRun%1").arg(index));
        auto* rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        rowLayout->setSpacing(4);
        auto* shown = new QCheckBox(entry.name);
        shown->setObjectName(QStringLiteral("runShownBox"));
        shown->setIcon(QIcon(swatch(entry.colour, side)));
        shown->setChecked(entry.visible);
        shown->setToolTip(tr("%1\nUntick to hide this run").arg(entry.label));
        connect(shown, &QCheckBox::toggled, this,
                [this, index](bool on) { emit visibilityToggled(index, on); });
        auto* remove = new QToolButton;
        remove->setObjectName(QStringLiteral("runRemoveButton"));
        remove->setText(QStringLiteral("×"));
        remove->setAutoRaise(true);
        remove->setToolTip(tr("Remove this run from the chart"));
        connect(remove, &QToolButton::clicked, this,
                [this, index] { emit removeRequested(index); });
        rowLayout->addWidget(shown, 1);
        rowLayout->addWidget(remove);
        m_rows->addWidget(row);
    }
}

int LossChartLegend::paint(QPainter& painter, const std::vector<Entry>& entries, int top,
                           int width) {
    const QFontMetrics metrics(painter.font());
    const int line = metrics.height() + 2;
    int y = top;
    for (const Entry& entry : entries) {
        if (!entry.visible) continue;
        painter.fillRect(QRect(8, y + 3, line - 6, line - 6), entry.colour);
        painter.drawText(QRect(8 + line, y, width - 16 - line, line), Qt::AlignVCenter,
                         metrics.elidedText(entry.name, Qt::ElideRight, width - 16 - line));
        y += line;
    }
    const QRect hint(8, y, width - 16, 3 * line);
    const QRect used = painter.boundingRect(hint, Qt::TextWordWrap, styleHint());
    painter.drawText(hint, Qt::TextWordWrap, styleHint());
    return used.bottom() + 4 - top;
}

}  // namespace digitscope::ui
