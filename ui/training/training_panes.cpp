#include "ui/training/training_panes.h"

#include <QEvent>
#include <QResizeEvent>
#include <QSplitter>
#include <QStackedLayout>
#include <QStackedWidget>
#include <QTabBar>
#include <QVBoxLayout>
#include <algorithm>

namespace digitscope::ui {

TrainingPanes::TrainingPanes(QWidget* panel, QWidget* chart, QWidget* parent)
    : QWidget(parent), m_panel(panel), m_chart(chart) {
    m_splitter = new QSplitter(Qt::Vertical);
    m_splitter->setObjectName(QStringLiteral("trainingSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_tabPage = new QWidget;
    m_tabBar = new QTabBar;
    m_tabBar->setObjectName(QStringLiteral("trainingTabs"));
    m_tabBar->setDocumentMode(true);
    m_tabBar->setExpanding(false);
    m_tabBar->addTab(tr("Train"));
    m_tabBar->addTab(tr("Loss chart"));
    m_pages = new QStackedWidget;
    auto* tabLayout = new QVBoxLayout(m_tabPage);
    tabLayout->setContentsMargins(0, 0, 0, 0);
    tabLayout->setSpacing(0);
    tabLayout->addWidget(m_tabBar);
    tabLayout->addWidget(m_pages, 1);
    connect(m_tabBar, &QTabBar::currentChanged, m_pages, &QStackedWidget::setCurrentIndex);
    m_stack = new QStackedLayout(this);
    m_stack->setContentsMargins(0, 0, 0, 0);
    m_stack->addWidget(m_splitter);
    m_stack->addWidget(m_tabPage);
    m_tabbed = true;  // so that setTabbed(false) fills the splitter
    setTabbed(false);
    m_panel->installEventFilter(this);
}

int TrainingPanes::splitHeight() const {
    return m_panel->sizeHint().height() + m_splitter->handleWidth() + kChartHeight;
}

void TrainingPanes::setTabbed(bool tabbed) {
    if (tabbed == m_tabbed) return;
    m_tabbed = tabbed;
    if (tabbed) {
        m_pages->addWidget(m_panel);
        m_pages->addWidget(m_chart);
        m_pages->setCurrentIndex(m_tabBar->currentIndex());
        m_stack->setCurrentWidget(m_tabPage);
    } else {
        m_splitter->addWidget(m_panel);
        m_splitter->addWidget(m_chart);
        m_splitter->setStretchFactor(0, 0);
        m_splitter->setStretchFactor(1, 1);
        m_stack->setCurrentWidget(m_splitter);
        m_panel->show();
        m_chart->show();
    }
}

void TrainingPanes::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // A little slack going back, so that a height at the edge does not flip it to and fro.
    const int limit = splitHeight() + (m_tabbed ? 16 : 0);
    setTabbed(event->size().height() < limit);
    if (!m_tabbed) fitPanel();
}

bool TrainingPanes::eventFilter(QObject* watched, QEvent* event) {
    // After the panel's layout has settled: one fit for any number of requests.
    if (watched == m_panel && event->type() == QEvent::LayoutRequest && !m_fitPending) {
        m_fitPending = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_fitPending = false;
                if (!m_tabbed && height() < splitHeight()) setTabbed(true);
                if (!m_tabbed) fitPanel();
            },
            Qt::QueuedConnection);
    }
    return QWidget::eventFilter(watched, event);
}

void TrainingPanes::fitPanel() {
    const QList<int> sizes = m_splitter->sizes();
    if (sizes.size() != 2 || !isVisible()) return;
    const int total = sizes[0] + sizes[1];
    const int wanted =
        std::min(m_panel->sizeHint().height(), total - m_chart->minimumSizeHint().height());
    if (wanted <= sizes[0]) return;  // it has what it needs (or the user gave it more)
    m_splitter->setSizes({wanted, total - wanted});
}

}  // namespace digitscope::ui
