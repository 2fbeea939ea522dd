// The loss chart's exports: the CSV of every point, and the picture of the plot with its axes
// under the legend.
#include <QChartView>
#include <QFileDialog>
#include <QMessageBox>
#include <QPainter>
#include <QPixmap>

#include "ui/training/loss_chart.h"

namespace digitscope::ui {

bool LossChart::exportCsv(const QString& path, QString* error) {
    const QByteArray bytes = m_history.toCsv().toUtf8();
    return saveAtomically(
        path, [&](QIODevice& file) { return file.write(bytes) == bytes.size(); }, error);
}

QImage LossChart::exportImage() {
    refresh();
    if (m_view->width() < 320 || m_view->height() < 200) m_view->resize(800, 480);
    const QPixmap chart = m_view->grab();  // the plot with its axes
    const std::vector<LossChartLegend::Entry> entries = legendEntries();
    // The legend above the plot, measured by painting it once on a scratch picture.
    QImage scratch(chart.width(), 1000, QImage::Format_ARGB32);
    int legendHeight = 0;
    {
        QPainter measure(&scratch);
        measure.setFont(font());
        legendHeight = LossChartLegend::paint(measure, entries, 4, chart.width());
    }
    QImage image(chart.width(), legendHeight + 4 + chart.height(), QImage::Format_ARGB32);
    image.fill(palette().color(QPalette::Base));
    QPainter painter(&image);
    painter.setFont(font());
    painter.setPen(palette().color(QPalette::Text));
    LossChartLegend::paint(painter, entries, 4, chart.width());
    painter.drawPixmap(0, legendHeight + 4, chart);
    return image;
}

bool LossChart::exportPng(const QString& path, QString* error) {
    const QImage image = exportImage();
    return saveAtomically(
        path, [&](QIODevice& file) { return image.save(&file, "PNG"); }, error);
}

void LossChart::exportPngInteractively() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export loss chart"), QStringLiteral("loss.png"), tr("PNG images (*.png)"));
    QString error;
    if (!path.isEmpty() && !exportPng(path, &error))
        QMessageBox::warning(this, tr("Cannot export the chart"), error);
}

void LossChart::exportCsvInteractively() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export loss history"), QStringLiteral("loss.csv"), tr("CSV files (*.csv)"));
    QString error;
    if (!path.isEmpty() && !exportCsv(path, &error))
        QMessageBox::warning(this, tr("Cannot export the loss history"), error);
}

}  // namespace digitscope::ui
