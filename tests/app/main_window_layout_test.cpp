// The window with its training dock fits a 1024 x 640 screen, and at every size it allows no
// widget overlaps another or sticks out of its parent.
#include <gtest/gtest.h>

#include <QAbstractScrollArea>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabBar>
#include <QTemporaryDir>
#include <QtTest/QTest>
#include <memory>

#include "app/main_window.h"
#include "app/settings.h"
#include "session/training/training_session.h"
#include "tests/ui/mouse_input.h"
#include "tests/ui/synthetic_digits.h"
#include "ui/canvas/drawing_canvas.h"
#include "ui/training/training_panel.h"
#include "ui/training/training_panes.h"

namespace digitscope::app {
namespace {

QString describe(const QWidget* widget) {
    QString name = QString::fromLatin1(widget->metaObject()->className());
    if (!widget->objectName().isEmpty()) name += QLatin1Char('#') + widget->objectName();
    const QRect g = widget->geometry();
    return name +
           QStringLiteral(" (%1,%2 %3x%4)").arg(g.x()).arg(g.y()).arg(g.width()).arg(g.height());
}

// Problems in `parent`'s subtree: a visible child that leaves its parent's rectangle, two
// visible siblings that overlap, or a widget squeezed below its minimum size hint.
void collectProblems(const QWidget* parent, QStringList& problems) {
    // A scroll area's contents may be larger than its viewport: that is what it is for.
    const auto* scrollArea = qobject_cast<const QAbstractScrollArea*>(parent->parentWidget());
    const bool scrolled = scrollArea && scrollArea->viewport() == parent;
    QList<const QWidget*> shown;
    for (const QObject* object : parent->children()) {
        const auto* child = qobject_cast<const QWidget*>(object);
        if (!child || child->isWindow() || !child->isVisible()) continue;
        // A dock tabbed behind another is moved out of sight by QMainWindow, not squeezed.
        if (child->visibleRegion().isEmpty() && qobject_cast<const QDockWidget*>(child)) continue;
        // A tab bar places its own scroll buttons (Qt's parts, drawn to fit).
        if (qobject_cast<const QTabBar*>(parent)) continue;
        if (child->geometry().isEmpty()) continue;
        shown << child;
        if (!scrolled && !parent->rect().contains(child->geometry()))
            problems << describe(child) + QStringLiteral(" leaves ") + describe(parent);
        const QSize hint = child->minimumSizeHint();
        // Qt's own parts (qt_spinbox_lineedit, the dock's title buttons) are placed by their
        // widget, not by a layout, and are drawn to fit.
        const bool squeezable = child->objectName().startsWith(QStringLiteral("qt_")) ||
                                child->sizePolicy().horizontalPolicy() == QSizePolicy::Ignored ||
                                child->sizePolicy().verticalPolicy() == QSizePolicy::Ignored;
        if (!squeezable && hint.isValid() &&
            (child->width() < hint.width() || child->height() < hint.height()))
            problems << describe(child) + QStringLiteral(" is below its minimum %1x%2")
                                              .arg(hint.width())
                                              .arg(hint.height());
        collectProblems(child, problems);
    }
    for (qsizetype i = 0; i < shown.size(); ++i)
        for (qsizetype j = i + 1; j < shown.size(); ++j)
            if (shown[i]->geometry().intersects(shown[j]->geometry()))
                problems << describe(shown[i]) + QStringLiteral(" overlaps ") + describe(shown[j]);
}

class MainWindowLayoutTest : public ::testing::TestWithParam<QSize> {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        m_settings = std::make_unique<Settings>(m_dir.filePath("settings.ini"));
        m_window = std::make_unique<MainWindow>(*m_settings);
    }
    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

TEST_F(MainWindowLayoutTest, WithTheTrainingDockFitsA1024x640Screen) {
    m_window->show();
    auto* dock = m_window->findChild<QDockWidget*>(QStringLiteral("trainingDock"));
    ASSERT_NE(dock, nullptr);
    ASSERT_TRUE(dock->isVisible());
    ASSERT_FALSE(dock->isFloating());
    const QSize minimum = m_window->minimumSizeHint().expandedTo(m_window->minimumSize());
    EXPECT_LE(minimum.width(), 1024);
    EXPECT_LE(minimum.height(), 640);
}

TEST_P(MainWindowLayoutTest, NothingOverlapsAtScreenSize) {
    const QSize screen = GetParam();
    m_window->resize(screen);
    m_window->show();
    QApplication::processEvents();
    QTest::qWait(20);
    // With a drawing: the prediction and the teaching hint under it are shown too.
    testing::drawStroke(m_window->canvas(), testing::line({205, 70}, {195, 330}, 30));
    m_window->canvas()->flushPendingChange();
    QApplication::processEvents();
    QTest::qWait(20);
    EXPECT_LE(m_window->width(), screen.width());
    EXPECT_LE(m_window->height(), screen.height());
    QStringList problems;
    collectProblems(m_window.get(), problems);
    EXPECT_TRUE(problems.isEmpty()) << problems.join(QLatin1Char('\n')).toStdString();
}

// The canvas never moves under the pen: the first prediction (its headline, the hint under the
// bars) appears while the pen is down, and the canvas keeps its place and size, so the first
// stroke of a drawing reads as the same stroke drawn again.
TEST_P(MainWindowLayoutTest, TheCanvasKeepsItsPlaceWhileTheFirstStrokeIsDrawn) {
    const QSize screen = GetParam();
    m_window->resize(screen);
    m_window->show();
    QApplication::processEvents();
    QTest::qWait(20);
    ui::DrawingCanvas* canvas = m_window->canvas();
    const QRect before = canvas->geometry();
    const testing::Points stroke = testing::line({205, 70}, {195, 330}, 30);
    testing::sendMouse(canvas, QEvent::MouseButtonPress, stroke.front(), Qt::LeftButton,
                       Qt::LeftButton);
    for (std::size_t i = 1; i < stroke.size(); ++i) {
        testing::sendMouse(canvas, QEvent::MouseMove, stroke[i], Qt::NoButton, Qt::LeftButton);
        if (i == stroke.size() / 2) {  // the first prediction shows while the pen is down
            canvas->flushPendingChange();
            QApplication::processEvents();
            EXPECT_EQ(canvas->geometry(), before);
        }
    }
    testing::sendMouse(canvas, QEvent::MouseButtonRelease, stroke.back(), Qt::LeftButton,
                       Qt::NoButton);
    canvas->flushPendingChange();
    QApplication::processEvents();
    EXPECT_EQ(canvas->geometry(), before);
    const Eigen::VectorXf first = canvas->networkInput();
    canvas->clear();
    testing::drawStroke(canvas, stroke);
    canvas->flushPendingChange();
    EXPECT_TRUE(canvas->networkInput() == first);
}

INSTANTIATE_TEST_SUITE_P(Screens, MainWindowLayoutTest,
                         ::testing::Values(QSize(1024, 640), QSize(1280, 720), QSize(1366, 768),
                                           QSize(1600, 1000)),
                         [](const ::testing::TestParamInfo<QSize>& size) {
                             return std::to_string(size.param.width()) + "x" +
                                    std::to_string(size.param.height());
                         });

}  // namespace
}  // namespace digitscope::app

namespace digitscope::app {
namespace {

// At 1600 x 1000 the whole training form shows: no scroll bar for the last few pixels, also
// once a dataset has loaded whose line wraps (the splitter had given the panel its height
// before, and the form scrolled by that line).
TEST(MainWindowLayout, TheTrainingFormDoesNotScrollAt1600x1000) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    Settings settings(dir.filePath("settings.ini"));
    MainWindow window(settings);
    window.resize(1600, 1000);
    window.show();
    QApplication::processEvents();
    QTest::qWait(20);
    const QString folder =
        dir.filePath(QStringLiteral("a-dataset-folder-with-a-name-long-enough-to-wrap-its-line"));
    ASSERT_TRUE(QDir().mkpath(folder));
    ASSERT_TRUE(testdata::writeIdxFolder(folder, testdata::syntheticPair(40, 10)));
    window.trainingSession().setDatasetFolder(folder);
    ASSERT_TRUE(QTest::qWaitFor([&] { return window.trainingSession().hasDataset(); }, 20000));
    auto* label = window.findChild<QLabel*>(QStringLiteral("datasetLabel"));
    ASSERT_NE(label, nullptr);
    QTest::qWait(50);
    ASSERT_GT(label->height(), 2 * label->fontMetrics().height()) << "the line should wrap";
    auto* scroll = window.findChild<QScrollArea*>(QStringLiteral("trainingFormScroll"));
    ASSERT_NE(scroll, nullptr);
    EXPECT_EQ(scroll->verticalScrollBar()->maximum(), 0)
        << "the form is " << scroll->widget()->height() << " px in a viewport of "
        << scroll->viewport()->height();
}

}  // namespace
}  // namespace digitscope::app

namespace digitscope::app {
namespace {

// At 1024 x 640 the form and the chart do not share the dock's height (two rows of the form
// over an unreadable chart): they are tabs there, one above the other at 1600 x 1000.
TEST(MainWindowLayout, TheTrainingDockTurnsToTabsWhenShort) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    Settings settings(dir.filePath("settings.ini"));
    MainWindow window(settings);
    window.resize(1600, 1000);
    window.show();
    QApplication::processEvents();
    QTest::qWait(20);
    auto* panes = window.findChild<ui::TrainingPanes*>();
    ASSERT_NE(panes, nullptr);
    EXPECT_FALSE(panes->tabbed());
    window.resize(1024, 640);
    QApplication::processEvents();
    QTest::qWait(20);
    EXPECT_TRUE(panes->tabbed());
    auto* panel = window.findChild<ui::TrainingPanel*>();
    ASSERT_NE(panel, nullptr);
    // The form has the tab's height: more of it shows than beside the chart.
    auto* scroll = window.findChild<QScrollArea*>(QStringLiteral("trainingFormScroll"));
    ASSERT_NE(scroll, nullptr);
    EXPECT_GT(scroll->viewport()->height(), 200);
    window.resize(1600, 1000);
    QApplication::processEvents();
    QTest::qWait(20);
    EXPECT_FALSE(panes->tabbed());
    EXPECT_TRUE(panel->isVisible());
}

}  // namespace
}  // namespace digitscope::app

namespace digitscope::app {
namespace {

// The hint under the bars ("Wrong? Press the right digit…") appears once something is drawn;
// on one line it widened the drawing side, and at 1024 px the window grew off the screen.
TEST(MainWindowLayout, TheTeachingHintDoesNotWidenTheWindow) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    Settings settings(dir.filePath("settings.ini"));
    MainWindow window(settings);
    window.resize(1024, 640);
    window.show();
    QApplication::processEvents();
    QWidget* side = window.canvas()->parentWidget();
    const int before = side->minimumSizeHint().width();
    testing::drawStroke(window.canvas(), testing::line({205, 70}, {195, 330}, 30));
    window.canvas()->flushPendingChange();
    QApplication::processEvents();
    auto* hint = window.findChild<QLabel*>(QStringLiteral("teachHint"));
    ASSERT_NE(hint, nullptr);
    ASSERT_FALSE(hint->text().isEmpty());
    EXPECT_LE(side->minimumSizeHint().width(), before);
}

}  // namespace
}  // namespace digitscope::app
