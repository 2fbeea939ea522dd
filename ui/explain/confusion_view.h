#pragma once

#include <QString>
#include <QWidget>
#include <memory>
#include <optional>

#include "core/explain/confusion.h"

namespace digitscope::ui {

// The confusion matrix of the current model on a test set: rows the true digit, columns the
// answer, each cell its count (mistakes in red, stronger the more), the diagonal in blue, and
// each row's accuracy at its end. Clicking a cell announces it (cellClicked) so the window can
// show its digits. Values only: the window classifies the set on a worker.
class ConfusionView : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionView(QWidget* parent = nullptr);

    void setReport(std::shared_ptr<const core::ConfusionReport> report, const QString& setName);
    void clear(const QString& hint);
    const core::ConfusionReport* report() const { return m_report.get(); }
    void selectCell(int actual, int predicted);  // no signal
    QString title() const;
    // The cell under a point, if any (actual, predicted).
    std::optional<std::pair<int, int>> cellAt(QPointF point) const;
    QRectF cellRect(int actual, int predicted) const;

    QSize sizeHint() const override { return {380, 360}; }
    QSize minimumSizeHint() const override { return {240, 220}; }

signals:
    void cellClicked(int actual, int predicted);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QRectF matrixRect() const;  // the cells only

    std::shared_ptr<const core::ConfusionReport> m_report;
    QString m_setName;
    QString m_hint;
    std::optional<std::pair<int, int>> m_selected;
    std::optional<std::pair<int, int>> m_hovered;
};

}  // namespace digitscope::ui
