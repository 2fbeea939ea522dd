#pragma once

#include <QColor>
#include <QString>
#include <QWidget>
#include <vector>

class QLabel;
class QPainter;
class QVBoxLayout;

namespace digitscope::ui {

// The loss chart's legend: a row per run (its colour, the short name that says what differs,
// the whole label as tooltip) with a check box that shows or hides the run and a button that
// removes it, then what the line styles mean and why training loss can lie above test loss.
class LossChartLegend : public QWidget {
    Q_OBJECT
public:
    struct Entry {
        QColor colour;
        QString name;   // short: what differs from the other runs
        QString label;  // the run's whole label
        bool visible = true;
    };

    explicit LossChartLegend(QWidget* parent = nullptr);

    void setEntries(const std::vector<Entry>& entries);
    static QString styleHint();  // the line styles, in one line
    static QString lossHint();   // training vs test loss
    // Paints the entries and the style hint into `width` from `top` (for the exported
    // picture); returns the height used.
    static int paint(QPainter& painter, const std::vector<Entry>& entries, int top, int width);

signals:
    void visibilityToggled(int index, bool visible);
    void removeRequested(int index);

private:
    QVBoxLayout* m_rows = nullptr;
    QLabel* m_hint = nullptr;
};

}  // namespace digitscope::ui
