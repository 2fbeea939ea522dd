#pragma once

#include <QWidget>

class QSplitter;
class QStackedLayout;
class QStackedWidget;
class QTabBar;

namespace digitscope::ui {

// The training dock's content: the training panel above the loss chart when there is height for
// both (the panel as high as its form, the chart taking the rest), or the two as tabs ("Train",
// "Loss chart") when there is not, as on a 1024 x 640 screen, where the form would otherwise
// show two rows at a time over a chart too small to read.
class TrainingPanes : public QWidget {
    Q_OBJECT
public:
    TrainingPanes(QWidget* panel, QWidget* chart, QWidget* parent = nullptr);

    bool tabbed() const { return m_tabbed; }
    // The height below which the two become tabs: the panel's form and a readable chart.
    int splitHeight() const;
    static constexpr int kChartHeight = 240;

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void setTabbed(bool tabbed);
    // Side by side: gives the panel the height its form needs, from the chart, whenever its
    // content changes (a dataset line that wraps once loaded); the splitter would keep the
    // height it gave at first, and the form would scroll for a few pixels.
    void fitPanel();

    QWidget* m_panel;
    QWidget* m_chart;
    QSplitter* m_splitter;
    QWidget* m_tabPage;  // the tab bar over the page it shows (no frame: no width added)
    QTabBar* m_tabBar;
    QStackedWidget* m_pages;
    QStackedLayout* m_stack;
    bool m_tabbed = false;
    bool m_fitPending = false;
};

}  // namespace digitscope::ui
