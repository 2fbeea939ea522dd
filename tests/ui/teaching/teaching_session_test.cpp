#include "session/teaching/teaching_session.h"

#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QtTest/QTest>
#include <algorithm>

#include "core/input/pen.h"

namespace digitscope::ui {
namespace {

core::Drawing bar(int label, double x) {
    core::Drawing drawing;
    drawing.strokes.push_back({{{x, 60}, {x + 10, 340}}});
    drawing.label = label;
    return drawing;
}

std::vector<float> weights(const core::Network& network) {
    return {network.parameters().begin(), network.parameters().end()};
}

class TeachingSessionTest : public ::testing::Test {
protected:
    void SetUp() override {
        core::Architecture arch;
        arch.sizes = {784, 24, 10};
        m_base = core::Model{core::Network(arch, 3), {{"dataset", "none"}}};
        core::FineTuneSettings settings;
        settings.steps = 30;
        settings.batchSize = 16;
        settings.variantsPerDrawing = 6;
        settings.penReplayDigits = 50;
        m_session.setSettings(settings);
        m_session.begin(m_base, QStringLiteral("tiny"));
    }
    void waitForLessons() {
        ASSERT_TRUE(QTest::qWaitFor([&] { return !m_session.learning(); }, 60000));
    }

    core::Model m_base;
    TeachingSession m_session;
};

TEST_F(TeachingSessionTest, UndoRestoresTheWeightsBitForBit) {
    const std::vector<float> base = weights(m_base.network);
    QSignalSpy updates(&m_session, &TeachingSession::networkUpdated);
    m_session.teach(bar(7, 200));
    EXPECT_TRUE(m_session.learning());
    EXPECT_EQ(m_session.describe(), QStringLiteral("tiny, taught 1 digit"));
    waitForLessons();
    ASSERT_EQ(m_session.lessonCount(), 1);
    EXPECT_TRUE(m_session.unsaved());
    EXPECT_GE(updates.count(), 1);
    const std::vector<float> afterOne = weights(*m_session.network());
    EXPECT_NE(afterOne, base);

    m_session.teach(bar(4, 120));
    waitForLessons();
    ASSERT_EQ(m_session.lessonCount(), 2);
    EXPECT_EQ(m_session.describe(), QStringLiteral("tiny, taught 2 digits"));
    EXPECT_NE(weights(*m_session.network()), afterOne);

    EXPECT_TRUE(m_session.undoLesson());
    EXPECT_EQ(weights(*m_session.network()), afterOne);
    EXPECT_TRUE(m_session.undoLesson());
    EXPECT_EQ(weights(*m_session.network()), base);
    EXPECT_FALSE(m_session.unsaved());
    EXPECT_FALSE(m_session.undoLesson());
}

TEST_F(TeachingSessionTest, CorrectionsDuringALessonAreTaughtInTheNext) {
    m_session.teach(bar(7, 200));
    m_session.teach(bar(1, 100));  // while the first lesson runs
    m_session.teach(bar(3, 300));
    EXPECT_EQ(m_session.taughtDigits(), 3);
    waitForLessons();
    EXPECT_EQ(m_session.lessonCount(), 2);
    EXPECT_EQ(m_session.taughtDigits(), 3);
    // Undo takes back the second lesson: both its drawings.
    EXPECT_TRUE(m_session.undoLesson());
    EXPECT_EQ(m_session.taughtDigits(), 1);
}

TEST_F(TeachingSessionTest, BackToBaseAndUndoDuringALessonRestoreTheStart) {
    m_session.teach(bar(7, 200));
    waitForLessons();
    const std::vector<float> afterOne = weights(*m_session.network());
    m_session.teach(bar(2, 150));
    ASSERT_TRUE(m_session.learning());
    EXPECT_TRUE(m_session.undoLesson());  // cancels the running lesson
    EXPECT_FALSE(m_session.learning());
    EXPECT_EQ(weights(*m_session.network()), afterOne);
    QTest::qWait(100);  // a late report of the cancelled lesson changes nothing
    EXPECT_EQ(weights(*m_session.network()), afterOne);
    EXPECT_EQ(m_session.lessonCount(), 1);

    m_session.backToBase();
    EXPECT_EQ(weights(*m_session.network()), weights(m_base.network));
    EXPECT_EQ(m_session.lessonCount(), 0);
    EXPECT_FALSE(m_session.unsaved());
}

}  // namespace
}  // namespace digitscope::ui
