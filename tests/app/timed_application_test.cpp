#include "app/timed_application.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QObject>
#include <QThread>
#include <QtTest/QTest>
#include <vector>

#include "app/stall_monitor.h"
#include "core/base/errors.h"

namespace digitscope::app {
namespace {

// Sleeps while handling its events; a nested one is sent from inside when given.
class SlowObject : public QObject {
public:
    explicit SlowObject(int sleepMs, QObject* inner = nullptr)
        : m_sleepMs(sleepMs), m_inner(inner) {}
    bool event(QEvent* event) override {
        if (event->type() != QEvent::User) return QObject::event(event);
        if (m_inner) {
            QEvent nested(QEvent::User);
            QCoreApplication::sendEvent(m_inner, &nested);
        }
        QThread::msleep(static_cast<unsigned long>(m_sleepMs));
        return true;
    }

private:
    int m_sleepMs;
    QObject* m_inner;
};

TimedApplication& application() {
    auto* app = qobject_cast<TimedApplication*>(QCoreApplication::instance());
    EXPECT_NE(app, nullptr) << "the app tests' main makes a TimedApplication";
    return *app;
}

TEST(TimedApplicationTest, SlowDeliveriesAreReportedWithTheirReceiverAndDepth) {
    std::vector<TimedApplication::Delivery> seen;
    application().setDeliveryObserver(
        20, [&seen](const TimedApplication::Delivery& delivery) { seen.push_back(delivery); });
    QObject parent;
    auto* inner = new SlowObject(25);
    inner->setParent(&parent);
    inner->setObjectName(QStringLiteral("inner"));
    SlowObject outer(0, inner);
    SlowObject quick(0);
    QEvent event(QEvent::User);
    QCoreApplication::sendEvent(&quick, &event);  // under the threshold: not reported
    QCoreApplication::sendEvent(&outer, &event);
    application().setDeliveryObserver(0, {});

    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].depth, 1);  // the inner one ends first
    EXPECT_EQ(seen[0].receiverName, QStringLiteral("inner"));
    EXPECT_STREQ(seen[0].parentClass, "QObject");
    EXPECT_GE(seen[0].ms, 20.0);
    EXPECT_EQ(seen[1].depth, 0);
    EXPECT_EQ(seen[1].type, QEvent::User);
    EXPECT_STREQ(seen[1].parentClass, "");
    EXPECT_GE(seen[1].ms, seen[0].ms);
    EXPECT_EQ(TimedApplication::typeName(QEvent::UpdateRequest), QStringLiteral("UpdateRequest"));
}

// Throws from its event handler, as a slot or handler with a bug would.
class ThrowingObject : public QObject {
public:
    bool event(QEvent* event) override {
        if (event->type() != QEvent::User) return QObject::event(event);
        throw core::FileError("canvas", "line 1: the drawing has no strokes");
    }
};

// An exception that escapes a handler, on the GUI thread (timed or not) or on a worker thread's
// event loop, ends in the handler as a message on the GUI thread; the program goes on.
TEST(TimedApplicationTest, AnExceptionFromAHandlerIsReportedNotFatal) {
    QStringList told;
    application().setEscapeHandler([&told](const QString& message) { told << message; });
    ThrowingObject object;
    QEvent event(QEvent::User);
    EXPECT_FALSE(QCoreApplication::sendEvent(&object, &event));
    application().setDeliveryObserver(0, [](const TimedApplication::Delivery&) {});
    EXPECT_FALSE(QCoreApplication::sendEvent(&object, &event));  // the timed delivery
    application().setDeliveryObserver(0, {});
    EXPECT_TRUE(told.isEmpty());  // told after the delivery, not inside it
    EXPECT_TRUE(QTest::qWaitFor([&told] { return told.size() == 2; }, 5000));

    QThread worker;
    auto* away = new ThrowingObject;
    away->moveToThread(&worker);
    QObject::connect(&worker, &QThread::finished, away, &QObject::deleteLater);
    worker.start();
    QCoreApplication::postEvent(away, new QEvent(QEvent::User));
    EXPECT_TRUE(QTest::qWaitFor([&told] { return told.size() == 3; }, 5000));
    worker.quit();
    EXPECT_TRUE(worker.wait(5000));
    application().setEscapeHandler({});
    for (const QString& message : told)
        EXPECT_EQ(message, QStringLiteral("canvas: line 1: the drawing has no strokes"));
}

TEST(TimedApplicationTest, WithoutAnObserverNothingIsTimed) {
    int calls = 0;
    application().setDeliveryObserver(0, [&calls](const TimedApplication::Delivery&) { ++calls; });
    application().setDeliveryObserver(0, {});
    SlowObject slow(5);
    QEvent event(QEvent::User);
    QCoreApplication::sendEvent(&slow, &event);
    EXPECT_EQ(calls, 0);
}

TEST(StallMonitorTest, SlowDeliveriesAndStartUpStepsGoBesideTheStallLog) {
    const QString log = QDir::temp().filePath(QStringLiteral("digitscope-stall-test.log"));
    EXPECT_TRUE(
        StallMonitor::eventsPath(log).endsWith(QStringLiteral("digitscope-stall-test-events.log")));
    {
        StallMonitor monitor(log);
        monitor.recordStartupStep(QStringLiteral("main window made"));
        TimedApplication::Delivery delivery;
        delivery.type = QEvent::Paint;
        delivery.receiverClass = "digitscope::ui::NetworkView";
        delivery.parentClass = "QSplitter";
        delivery.depth = 1;
        delivery.start = std::chrono::steady_clock::now();
        delivery.ms = 42.5;
        monitor.recordDelivery(delivery);
    }
    QFile events(StallMonitor::eventsPath(log));
    ASSERT_TRUE(events.open(QIODevice::ReadOnly | QIODevice::Text));
    const QString text = QString::fromUtf8(events.readAll());
    EXPECT_TRUE(text.contains(QStringLiteral(" startup ")));
    EXPECT_TRUE(text.contains(QStringLiteral("main window made")));
    EXPECT_TRUE(text.contains(QStringLiteral(
        " slow 42.5 ms depth 1 Paint to digitscope::ui::NetworkView (in QSplitter)")))
        << text.toStdString();
    events.close();
    QFile::remove(log);
    QFile::remove(StallMonitor::eventsPath(log));
}

}  // namespace
}  // namespace digitscope::app
