// digitscope: draw a digit, watch a neural network read it, train your own.
#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QIcon>
#include <QMouseEvent>
#include <QScreen>
#include <QTimer>
#include <cmath>
#include <memory>
#include <vector>

#include "app/main_window.h"
#include "app/settings.h"
#include "app/stall_monitor.h"
#include "app/theme.h"
#include "app/timed_application.h"
#include "core/base/version.h"
#include "core/nn/compute_threads.h"
#include "session/training/training_session.h"
#include "ui/canvas/drawing_canvas.h"
#include "ui/training/training_panel.h"

namespace {

using digitscope::app::MainWindow;

// A hand-drawn looking "2", in canvas pixels, for --screenshot.
std::vector<QPointF> demoDigit() {
    std::vector<QPointF> points;
    const double pi = std::acos(-1.0);
    for (int i = 0; i <= 24; ++i) {  // the top arc, left to right over the top
        const double angle = pi * (1.12 - 1.38 * i / 24.0);
        points.emplace_back(200 + 72 * std::cos(angle), 160 - 66 * std::sin(angle));
    }
    const QPointF arcEnd = points.back();
    const QPointF corner(127, 305);
    for (int i = 1; i <= 14; ++i)  // down to the bottom left
        points.push_back(arcEnd + (corner - arcEnd) * (i / 14.0));
    for (int i = 1; i <= 10; ++i) points.emplace_back(127 + 160 * i / 10.0, 305 - 3 * i / 10.0);
    return points;
}

void send(QWidget* canvas, QEvent::Type type, QPointF point) {
    const Qt::MouseButton button = type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton;
    const Qt::MouseButtons buttons =
        type == QEvent::MouseButtonRelease ? Qt::NoButton : Qt::LeftButton;
    QMouseEvent event(type, point, canvas->mapToGlobal(point), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(canvas, &event);
}

// --screenshot: draws the demo digit at about 60 points a second, as a hand would, waits for
// the network view to settle, saves the window and quits.
void takeScreenshot(MainWindow& window, const QString& path) {
    auto points = std::make_shared<std::vector<QPointF>>(demoDigit());
    auto step = std::make_shared<std::size_t>(0);
    auto* timer = new QTimer(&window);
    timer->setInterval(16);
    QObject::connect(timer, &QTimer::timeout, &window, [&window, points, step, timer, path] {
        digitscope::ui::DrawingCanvas* canvas = window.canvas();
        // The digit is in canvas pixels (400 x 400); the canvas may be shown larger or smaller.
        const QRect square = canvas->canvasRect();
        const auto at = [&](QPointF p) {
            return QPointF(square.topLeft()) + p * (square.width() / 400.0);
        };
        const std::size_t i = (*step)++;
        if (i == 0)
            send(canvas, QEvent::MouseButtonPress, at((*points)[0]));
        else if (i < points->size())
            send(canvas, QEvent::MouseMove, at((*points)[i]));
        else {
            timer->stop();
            send(canvas, QEvent::MouseButtonRelease, at(points->back()));
            QTimer::singleShot(2500, &window, [&window, path] {
                const bool saved = window.grab().save(path);
                QApplication::exit(saved ? 0 : 1);
            });
        }
    });
    QTimer::singleShot(800, timer, qOverload<>(&QTimer::start));
}

void nameTheApplication() {
    QCoreApplication::setOrganizationName(QStringLiteral("digitscope"));
    QCoreApplication::setApplicationName(QStringLiteral("digitscope"));
    QCoreApplication::setApplicationVersion(
        QString::fromUtf8(digitscope::core::version().data(), digitscope::core::version().size()));
}

void describeOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription(
        QStringLiteral("Draw a digit and watch a neural network read it."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {"model", "Start with this model file instead of the bundled one.", "MODEL"},
        {"data", "The MNIST folder (four IDX files) for training and test digits.", "DIR"},
        {"size", "Window size, e.g. 1600x1000.", "WxH"},
        {"screenshot", "Draw a demo digit, save the window to FILE and quit.", "FILE"},
        {"canvas-geometry",
         "Once shown, write the canvas's screen rectangle (x y w h) to FILE "
         "(for scripts that draw with xdotool).",
         "FILE"},
        {"train", "Start training as soon as the dataset is loaded (the form's settings)."},
        {"stall-log",
         "Every 5 s, append the event loop's worst and median delay in ms to FILE "
         "(scripts/soak.sh reads it).",
         "FILE"},
    });
}

// --help and --version print and quit without a window, so they work without a display.
bool onlyPrints(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--help" || arg == "-h" || arg == "-?" || arg == "--help-all" ||
            arg == "--version" || arg == "-v")
            return true;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    if (onlyPrints(argc, argv)) {
        QCoreApplication application(argc, argv);
        nameTheApplication();
        QCommandLineParser parser;
        describeOptions(parser);
        parser.process(application);  // prints, then exits
        return 0;
    }
    digitscope::app::TimedApplication application(argc, argv);
    nameTheApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("digitscope"));
    QApplication::setDesktopFileName(QStringLiteral("digitscope"));
    QIcon icon;
    for (const char* file : {":/icons/digitscope-64.png", ":/icons/digitscope-256.png"})
        icon.addFile(QString::fromLatin1(file));
    QApplication::setWindowIcon(icon);
    digitscope::app::applyDarkTheme(application);
    // The one place the GUI sets Eigen's (process-wide) thread count. The GUI thread's products
    // (preprocessing, one forward pass) are far too small to split across cores, and training,
    // explanations and painting share the cores: split products were 5-15x slower on a busy
    // 2-core machine (core::effectiveThreads).
    digitscope::core::setComputeThreads(1);
    digitscope::core::enableFlushToZero();  // the GUI thread's forward passes and explanations

    QCommandLineParser parser;
    describeOptions(parser);
    parser.process(application);

    // With --stall-log, the event loop's delays are measured, every slow event delivery on the
    // GUI thread is named, and so is each start-up step below.
    std::unique_ptr<digitscope::app::StallMonitor> stallMonitor;
    if (parser.isSet("stall-log")) {
        stallMonitor = std::make_unique<digitscope::app::StallMonitor>(parser.value("stall-log"));
        application.setDeliveryObserver(
            digitscope::app::StallMonitor::kSlowMs,
            [monitor = stallMonitor.get()](const digitscope::app::TimedApplication::Delivery& d) {
                monitor->recordDelivery(d);
            });
    }
    auto startupStep = [&stallMonitor](const char* what) {
        if (stallMonitor) stallMonitor->recordStartupStep(QString::fromLatin1(what));
    };

    digitscope::app::Settings settings;
    MainWindow window(settings);
    application.setEscapeHandler(
        [&window](const QString& message) { window.reportUnexpectedError(message); });
    startupStep("main window made (bundled model, widgets, settings)");
    if (parser.isSet("data")) {
        window.openDataset(parser.value("data"));
        startupStep("--data opened");
    }
    if (parser.isSet("model")) {
        window.openModel(parser.value("model"));
        startupStep("--model opened");
    }
    if (parser.isSet("size")) {
        const QStringList parts = parser.value("size").split(QLatin1Char('x'));
        if (parts.size() == 2) window.resize(parts[0].toInt(), parts[1].toInt());
    } else if (settings.windowGeometry().isEmpty()) {
        const QSize screen = application.primaryScreen()->availableSize();
        window.resize(std::min(1600, screen.width()), std::min(1000, screen.height()));
    }
    window.show();
    window.canvas()->setFocus();
    startupStep("window shown");

    if (parser.isSet("canvas-geometry")) {
        const QString path = parser.value("canvas-geometry");
        QTimer::singleShot(500, &window, [&window, path] {
            digitscope::ui::DrawingCanvas* canvas = window.canvas();
            const QRect square = canvas->canvasRect();  // where the drawing is shown
            const QPoint origin = canvas->mapToGlobal(square.topLeft());
            QFile file(path);
            if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
                file.write(QStringLiteral("%1 %2 %3 %4\n")
                               .arg(origin.x())
                               .arg(origin.y())
                               .arg(square.width())
                               .arg(square.height())
                               .toUtf8());
        });
    }
    if (parser.isSet("train")) {
        digitscope::ui::TrainingPanel* panel = window.trainingPanel();
        digitscope::ui::TrainingSession* session = &window.trainingSession();
        auto started = std::make_shared<QMetaObject::Connection>();
        *started = QObject::connect(session, &digitscope::ui::TrainingSession::datasetReady, panel,
                                    [panel, started] {
                                        QObject::disconnect(*started);
                                        panel->train();
                                    });
        if (session->hasDataset()) {
            QObject::disconnect(*started);
            panel->train();
        }
    }
    if (parser.isSet("screenshot")) takeScreenshot(window, parser.value("screenshot"));
    const int status = QApplication::exec();
    application.setDeliveryObserver(0, {});  // the monitor is gone before the application
    application.setEscapeHandler({});        // and so is the window
    return status;
}
