#pragma once

#include <QApplication>
#include <QEvent>
#include <QString>
#include <chrono>
#include <functional>
#include <utility>

namespace digitscope::app {

// The desktop app's QApplication. Once given an observer (--stall-log), it times every event
// delivered on the GUI thread and reports each that took at least a threshold: what it was, who
// received it, how deep inside other deliveries, and for how long. A paint inside an update
// request, or a slot run by a queued signal, is a delivery of its own, so a slow window names
// the widget or object that held it. Without an observer it only passes events on.
class TimedApplication : public QApplication {
    Q_OBJECT
public:
    struct Delivery {
        QEvent::Type type = QEvent::None;
        const char* receiverClass = "";  // of the most derived class, as the meta-object says
        QString receiverName;            // objectName(), often empty
        const char* parentClass = "";    // "" without a parent (names a QTimer's owner)
        int depth = 0;                   // 0: straight from the event loop
        std::chrono::steady_clock::time_point start;
        double ms = 0;
    };
    using Observer = std::function<void(const Delivery&)>;
    // Told, on the GUI thread and after the delivery, of an exception that escaped an event
    // handler on any thread (the text of what() or of an unknown error).
    using EscapeHandler = std::function<void(const QString& message)>;

    TimedApplication(int& argc, char** argv);

    // Deliveries on the GUI thread lasting at least thresholdMs go to `observer` (called on the
    // GUI thread, after the delivery). An empty observer turns timing off. GUI thread only.
    void setDeliveryObserver(double thresholdMs, Observer observer);

    // An exception that escapes a delivery (an event handler, or a slot called by a queued
    // signal) would end the program and lose unsaved work: it is caught here, the delivery
    // counts as not handled, and the handler hears of it (stderr without one). GUI thread only.
    void setEscapeHandler(EscapeHandler handler) { m_escapeHandler = std::move(handler); }

    bool notify(QObject* receiver, QEvent* event) override;

    // "UpdateRequest", or the number for a type Qt does not name.
    static QString typeName(QEvent::Type type);

private:
    bool timedNotify(QObject* receiver, QEvent* event);
    void escaped(const QString& message);

    Qt::HANDLE m_guiThread;
    EscapeHandler m_escapeHandler;
    Observer m_observer;
    double m_thresholdMs = 0;
    int m_depth = 0;
};

}  // namespace digitscope::app
