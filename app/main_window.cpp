#include "app/main_window.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QResizeEvent>
#include <QScreen>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QTextEdit>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <exception>

#include "app/settings.h"
#include "app/test_digits.h"
#include "core/explain/digit_gate.h"
#include "core/io/model_file.h"
#include "core/io/model_io.h"
#include "session/models/bundled_models.h"
#include "session/teaching/my_digits.h"
#include "session/teaching/teaching_session.h"
#include "session/training/dataset_loader.h"
#include "session/training/training_session.h"
#include "ui/canvas/drawing_canvas.h"
#include "ui/canvas/input_grid.h"
#include "ui/canvas/prediction_bars.h"
#include "ui/training/training_panel.h"

namespace digitscope::app {
namespace {

QLabel* caption(const QString& text) {
    auto* label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

}  // namespace

MainWindow::MainWindow(Settings& settings, QWidget* parent)
    : QMainWindow(parent),
      m_settings(settings),
      m_questions(std::make_unique<UserQuestions>()),
      m_session(std::make_unique<ui::TrainingSession>()),
      m_models(*m_session),
      m_input(Eigen::VectorXf::Zero(28 * 28)) {
    setWindowTitle(tr("digitscope"));
    setObjectName(QStringLiteral("MainWindow"));
    createActions();

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(createDrawingSide());
    splitter->addWidget(createNetworkSide());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    setCentralWidget(splitter);
    splitter->installEventFilter(this);  // the canvas follows the window's height
    qApp->installEventFilter(this);      // keys meant for the canvas, wherever the focus is
    m_trainingDock = createTrainingDock();
    addDockWidget(Qt::RightDockWidgetArea, m_trainingDock);
    m_explainDock = createExplainDock();
    addDockWidget(Qt::RightDockWidgetArea, m_explainDock);
    tabifyDockWidget(m_trainingDock, m_explainDock);
    m_trainingDock->raise();
    resizeDocks({m_trainingDock}, {380}, Qt::Horizontal);

    createMenus();
    createToolBar();
    m_modelStatus = new QLabel;
    m_trainingStatus = new QLabel;
    statusBar()->addWidget(m_trainingStatus, 1);  // hidden while a passing message shows
    statusBar()->addPermanentWidget(m_modelStatus);
    wirePanels();
    wireExplain();
    createTeaching();

    connect(m_canvas, &ui::DrawingCanvas::inputChanged, this, &MainWindow::inputChanged);
    connect(m_canvas, &ui::DrawingCanvas::drawingChanged, this, &MainWindow::updateEditActions);
    restoreSettings();

    // The digit gate behind "doesn't look like a digit", the same for every model. Compiled
    // in, so a failure is a broken build: the window then only loses the unsure answer.
    try {
        m_gate = std::make_unique<core::DigitGate>(ui::BundledModels::gate());
    } catch (const std::exception& error) {
        statusBar()->showMessage(tr("No digit gate: %1").arg(QString::fromUtf8(error.what())));
    }

    // The first model: the one from the video. Without it the window still works (open a
    // file or train one); the reason is in the status bar rather than a dialog at start-up.
    try {
        setModel(loadBundledModel(ui::BundledModels::viewName()));
        restoreTaughtModel();  // the hand it was taught before, kept beside My digits
    } catch (const std::exception& error) {
        refreshModelList();
        m_modelStatus->setText(tr("No model loaded"));
        statusBar()->showMessage(tr("No bundled model: %1").arg(QString::fromUtf8(error.what())));
        updatePrediction();
    }
    updateEditActions();
}

MainWindow::~MainWindow() {
    // The panel refers to the session: the widgets go first.
    delete m_trainingDock;
    m_trainingDock = nullptr;
}

void MainWindow::setQuestions(std::unique_ptr<UserQuestions> questions) {
    m_questions = std::move(questions);
}

QWidget* MainWindow::createDrawingSide() {
    auto* side = new QWidget;
    auto* layout = new QVBoxLayout(side);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(8);

    m_canvas = new ui::DrawingCanvas;
    m_canvas->setObjectName(QStringLiteral("canvas"));
    layout->addWidget(m_canvas, 1);  // its width is set by fitCanvas

    // Under the canvas: undo, clear, the pen, and a real MNIST digit to compare with.
    auto* tools = new QHBoxLayout;
    tools->setSpacing(6);
    // Short labels on the buttons; the menus say the same at length.
    auto button = [](QAction* action, const QString& text) {
        auto* b = new QToolButton;
        b->setText(text);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setToolTip(action->toolTip());
        b->setFocusPolicy(Qt::NoFocus);  // keep the keyboard on the canvas
        b->setEnabled(action->isEnabled());
        connect(b, &QToolButton::clicked, action, &QAction::trigger);
        connect(action, &QAction::enabledChanged, b, &QToolButton::setEnabled);
        return b;
    };
    tools->addWidget(button(m_undoAction, tr("Undo")));
    tools->addWidget(button(m_clearAction, tr("Clear")));
    tools->addSpacing(8);
    tools->addWidget(new QLabel(tr("Pen")));
    m_penSlider = new QSlider(Qt::Horizontal);
    m_penSlider->setObjectName(QStringLiteral("penSlider"));
    m_penSlider->setRange(static_cast<int>(ui::CanvasDocument::kMinPenWidth),
                          static_cast<int>(ui::CanvasDocument::kMaxPenWidth) / 2);
    m_penSlider->setToolTip(tr("Pen width in canvas pixels (the whole drawing follows)"));
    m_penSlider->setFixedWidth(64);
    tools->addWidget(m_penSlider);
    m_penLabel = new QLabel;
    m_penLabel->setMinimumWidth(38);
    tools->addWidget(m_penLabel);
    tools->addStretch();
    tools->addWidget(button(m_testDigitAction, tr("MNIST digit")));
    layout->addLayout(tools);

    connect(m_penSlider, &QSlider::valueChanged, m_canvas,
            [this](int value) { m_canvas->setPenWidth(value); });
    connect(m_canvas, &ui::DrawingCanvas::penWidthChanged, this, [this](double width) {
        m_penLabel->setText(tr("%1 px").arg(std::lround(width)));
        m_settings.setPenWidth(width);
    });

    // What the network sees, and what it says.
    auto* lower = new QHBoxLayout;
    lower->setSpacing(14);
    auto* gridColumn = new QVBoxLayout;
    gridColumn->setSpacing(4);
    gridColumn->addWidget(caption(tr("Network input")));
    m_inputGrid = new ui::InputGrid;
    m_inputGrid->setFixedSize(28 * 5, 28 * 5);
    gridColumn->addWidget(m_inputGrid);
    // What the network reads is not the picture on the canvas: the strokes redrawn with the
    // standard pen (core/pen), whatever the pen slider says.
    auto* gridNote =
        new QLabel(tr("Your strokes redrawn with the standard pen: 28 × 28, "
                      "centred as MNIST"));
    gridNote->setObjectName(QStringLiteral("inputNote"));
    gridNote->setWordWrap(true);
    gridNote->setMaximumWidth(m_inputGrid->width());
    gridNote->setEnabled(false);
    gridColumn->addWidget(gridNote);
    gridColumn->addStretch();
    lower->addLayout(gridColumn);
    auto* barsColumn = new QVBoxLayout;
    barsColumn->setSpacing(4);
    barsColumn->addWidget(caption(tr("Prediction")));
    m_bars = new ui::PredictionBars;
    m_bars->setMinimumHeight(170);
    barsColumn->addWidget(m_bars, 1);
    m_teachHint = new QLabel;  // "Wrong? Press the right digit", and how a lesson goes
    m_teachHint->setObjectName(QStringLiteral("teachHint"));
    m_teachHint->setWordWrap(true);  // one line made the window wider than 1024 px once drawn
    // Its three lines are kept whether it says anything or not: the first prediction's hint made
    // the panel taller and the canvas shrank under the pen, bending the first stroke.
    m_teachHint->setFixedHeight(3 * m_teachHint->fontMetrics().lineSpacing() + 2);
    m_teachHint->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    barsColumn->addWidget(m_teachHint);
    lower->addLayout(barsColumn, 1);
    layout->addLayout(lower);

    m_drawingSide = side;
    return side;
}

// The canvas takes the height the input, the verdict and the tools leave, as a square; the
// drawing side is as wide as that square, the network view takes the rest of the width.
void MainWindow::fitCanvas(QSize available) {
    const int below = m_drawingSide->minimumSizeHint().height() - m_canvas->minimumHeight();
    const int widthLeft = available.width() - kMinNetworkWidth - 24;
    const int side = std::clamp(std::min(available.height() - below, widthLeft),
                                ui::DrawingCanvas::kMinimumSide, kMaxCanvasSide);
    const int sideWidth = std::max(side + 24, m_drawingSide->minimumSizeHint().width());
    auto* splitter = static_cast<QSplitter*>(centralWidget());
    splitter->setSizes({sideWidth, std::max(0, available.width() - sideWidth)});
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    if (watched == centralWidget() && event->type() == QEvent::Resize)
        fitCanvas(static_cast<QResizeEvent*>(event)->size());
    if (event->type() == QEvent::KeyPress && keyBelongsToCanvas(watched, *event)) {
        QCoreApplication::sendEvent(m_canvas, event);
        return true;
    }
    return QMainWindow::eventFilter(watched, event);
}

// Digits, Esc, Delete and Backspace act on the canvas wherever the focus is in this window (a
// list's type-ahead took "3" to a model named "3b1b…" once), except where they are typed.
bool MainWindow::keyBelongsToCanvas(QObject* receiver, const QEvent& event) const {
    auto* widget = qobject_cast<QWidget*>(receiver);
    if (!widget || widget == m_canvas || widget->window() != this) return false;
    // Only the first delivery, to the widget with the focus: a key it ignores goes on to its
    // parents, and a spin box's parent must not clear the canvas on its Backspace.
    if (const QWidget* focus = focusWidget(); focus && focus != widget) return false;
    if (!ui::DrawingCanvas::isCanvasKey(static_cast<const QKeyEvent&>(event))) return false;
    const auto* combo = qobject_cast<const QComboBox*>(widget);
    const bool typesText =
        qobject_cast<const QLineEdit*>(widget) || qobject_cast<const QAbstractSpinBox*>(widget) ||
        qobject_cast<const QTextEdit*>(widget) || qobject_cast<const QPlainTextEdit*>(widget) ||
        (combo && combo->isEditable());
    return !typesText;
}

void MainWindow::restoreSettings() {
    const double pen = m_settings.penWidth();
    m_canvas->setPenWidth(pen);
    m_penSlider->setValue(static_cast<int>(std::lround(m_canvas->penWidth())));
    m_penLabel->setText(tr("%1 px").arg(std::lround(m_canvas->penWidth())));
    if (!m_settings.windowGeometry().isEmpty()) {
        // Only geometry that fits a screen of today (a larger monitor may be gone): otherwise
        // the window fits the primary screen, status bar included.
        restoreGeometry(m_settings.windowGeometry());
        bool fits = false;
        for (const QScreen* screen : QGuiApplication::screens())
            fits = fits || screen->availableGeometry().contains(geometry());
        if (!fits && QGuiApplication::primaryScreen()) {
            const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
            resize(std::min(1600, available.width()), std::min(1000, available.height()));
            move(available.topLeft());
        }
    }
    if (!m_settings.windowState().isEmpty()) restoreState(m_settings.windowState());
}

bool MainWindow::showTestDigit(std::int64_t index) {
    if (m_settings.datasetFolder().isEmpty()) {
        showError(tr("No dataset yet"), ui::DatasetLoader::missingDatasetHint());
        return false;
    }
    try {
        if (!m_testDigits || m_testDigits->folder() != m_settings.datasetFolder()) {
            m_testDigits = std::make_unique<TestDigits>(m_settings.datasetFolder());
        }
        if (index < 0)
            index =
                std::uniform_int_distribution<std::int64_t>(0, m_testDigits->count() - 1)(m_random);
        m_canvas->showSample(
            m_testDigits->pixels(index),
            tr("MNIST test image #%1 · labelled %2").arg(index).arg(m_testDigits->label(index)));
        return true;
    } catch (const std::exception& error) {
        m_testDigits.reset();
        showError(tr("Cannot show an MNIST digit"), QString::fromUtf8(error.what()));
        return false;
    }
}

// --- the input and the prediction -------------------------------------------------------------

void MainWindow::inputChanged(const Eigen::VectorXf& input) {
    m_input = input.size() == 28 * 28 ? input : Eigen::VectorXf::Zero(28 * 28);
    m_inputGrid->setInput(m_input);
    updatePrediction();
}

void MainWindow::updatePrediction() {
    const LoadedModel& shown = m_models.current();
    if (!shown.network) {
        m_trace = {};
        m_bars->clear();
        emit predictionUpdated();
        return;
    }
    // x: 784 x 1, one sample as a column.
    shown.network->forward(Eigen::Map<const core::Matrix>(m_input.data(), m_input.size(), 1),
                           m_trace);
    if (m_canvas->isEmpty())
        m_bars->clear();  // a blank canvas gets the hint, not a guess
    else {
        m_bars->setProbabilities(m_trace.output().col(0));
        m_bars->setUnsure(m_gate && m_gate->flags(m_input));
    }
    showTraceInPanels();
    emit predictionUpdated();
}

void MainWindow::updateEditActions() {
    m_undoAction->setEnabled(m_canvas->canUndo());
    m_clearAction->setEnabled(!m_canvas->isEmpty());
}

// --- errors and closing -----------------------------------------------------------------------

void MainWindow::showError(const QString& title, const QString& message) {
    // Window-modal but not blocking, so the app (and its tests) keep running behind it.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    emit errorShown(title, message);
}

void MainWindow::reportUnexpectedError(const QString& message) {
    showError(tr("Something went wrong"),
              tr("%1\n\nNothing was lost: your drawing, training runs and lessons are as they "
                 "were, and you can save them.")
                  .arg(message));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!confirmUnsavedRuns() || !confirmUnsavedLessons()) {
        event->ignore();
        return;
    }
    stopTraining();
    m_settings.setWindowGeometry(saveGeometry());
    m_settings.setWindowState(saveState());
    m_settings.sync();
    QMainWindow::closeEvent(event);
}

}  // namespace digitscope::app
