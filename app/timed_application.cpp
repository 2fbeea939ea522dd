#include "app/timed_application.h"

#include <QMetaEnum>
#include <QThread>
#include <exception>
#include <utility>

namespace digitscope::app {

TimedApplication::TimedApplication(int& argc, char** argv)
    : QApplication(argc, argv), m_guiThread(QThread::currentThreadId()) {}

void TimedApplication::setDeliveryObserver(double thresholdMs, Observer observer) {
    m_thresholdMs = thresholdMs;
    m_observer = std::move(observer);
}

bool TimedApplication::notify(QObject* receiver, QEvent* event) {
    // Worker threads' event loops deliver through here too; only the GUI thread is timed (and
    // only it touches the members), so the thread is checked before any member is read.
    const bool guiThread = QThread::currentThreadId() == m_guiThread;
    try {
        if (guiThread && m_observer) return timedNotify(receiver, event);
        return QApplication::notify(receiver, event);
    } catch (const std::exception& error) {
        escaped(QString::fromUtf8(error.what()));
    } catch (...) {
        escaped(tr("an unknown error"));
    }
    return false;
}

bool TimedApplication::timedNotify(QObject* receiver, QEvent* event) {
    // What to report is taken before the delivery: it may delete the receiver.
    Delivery delivery;
    delivery.type = event->type();
    delivery.receiverClass = receiver->metaObject()->className();
    delivery.receiverName = receiver->objectName();
    if (const QObject* parent = receiver->parent())
        delivery.parentClass = parent->metaObject()->className();
    delivery.depth = m_depth;
    delivery.start = std::chrono::steady_clock::now();
    ++m_depth;
    bool handled = false;
    try {
        handled = QApplication::notify(receiver, event);
    } catch (...) {
        --m_depth;
        throw;
    }
    --m_depth;
    const std::chrono::duration<double, std::milli> took =
        std::chrono::steady_clock::now() - delivery.start;
    delivery.ms = took.count();
    if (delivery.ms >= m_thresholdMs && m_observer) m_observer(delivery);
    return handled;
}

void TimedApplication::escaped(const QString& message) {
    qWarning("digitscope: an error escaped an event handler: %s", qUtf8Printable(message));
    // Told later on the GUI thread, never inside the delivery (a paint, a worker's event loop):
    // a message box there would run a nested event loop in the middle of it.
    QMetaObject::invokeMethod(
        this,
        [this, message] {
            if (m_escapeHandler) m_escapeHandler(message);
        },
        Qt::QueuedConnection);
}

QString TimedApplication::typeName(QEvent::Type type) {
    const char* key = QMetaEnum::fromType<QEvent::Type>().valueToKey(type);
    return key ? QString::fromLatin1(key) : QString::number(static_cast<int>(type));
}

}  // namespace digitscope::app
