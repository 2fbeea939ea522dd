// The main window's actions, menus and toolbar, and the dialogs behind them.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStandardPaths>
#include <QToolBar>

#include "app/main_window.h"
#include "app/settings.h"
#include "session/models/bundled_models.h"
#include "ui/canvas/drawing_canvas.h"

namespace digitscope::app {
namespace {

const QString kModelFilter = QObject::tr(
    "Models (*.dsm *.onnx);;digitscope models (*.dsm);;ONNX models (*.onnx);;"
    "All files (*)");

}  // namespace

void MainWindow::createActions() {
    m_openAction = new QAction(tr("&Open model…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openModelDialog);
    m_saveAction = new QAction(tr("&Save model"), this);
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setToolTip(tr("Save the shown model to the file it came from (else: Save as)"));
    connect(m_saveAction, &QAction::triggered, this, [this] { saveModel(); });
    m_saveAsAction = new QAction(tr("Save model &as…"), this);
    m_saveAsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(m_saveAsAction, &QAction::triggered, this, [this] { saveModelAs(); });
    m_openDatasetAction = new QAction(tr("Open &dataset…"), this);
    connect(m_openDatasetAction, &QAction::triggered, this, &MainWindow::openDatasetDialog);
    m_trainFurtherAction = new QAction(tr("&Train this model further"), this);
    m_trainFurtherAction->setToolTip(
        tr("Start the training panel from the current model's weights"));
    connect(m_trainFurtherAction, &QAction::triggered, this, &MainWindow::trainCurrentModel);
    m_removeRunAction = new QAction(tr("&Remove this run from the list"), this);
    m_removeRunAction->setToolTip(tr("Forget the shown training run (asks first if not saved)"));
    connect(m_removeRunAction, &QAction::triggered, this, [this] { removeShownRun(); });
    m_exportPngAction = new QAction(tr("Export loss chart as &PNG…"), this);
    connect(m_exportPngAction, &QAction::triggered, this, [this] { exportLossChart(false); });
    m_exportCsvAction = new QAction(tr("Export loss history as &CSV…"), this);
    connect(m_exportCsvAction, &QAction::triggered, this, [this] { exportLossChart(true); });
    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_undoAction = new QAction(tr("&Undo"), this);
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_undoAction->setToolTip(tr("Undo the last stroke or Clear (Ctrl+Z)"));
    connect(m_undoAction, &QAction::triggered, this, [this] { m_canvas->undo(); });
    // No window-wide shortcut: Esc closes drop-downs and leaves fields. The canvas clears on
    // Esc or Delete itself when it has the keyboard focus, and Ctrl+Z brings the drawing back.
    m_clearAction = new QAction(tr("&Clear canvas"), this);
    m_clearAction->setToolTip(tr("Clear the canvas (Esc or Delete on the canvas; undoable)"));
    connect(m_clearAction, &QAction::triggered, this, [this] { m_canvas->clear(); });
    m_testDigitAction = new QAction(tr("Try an &MNIST digit"), this);
    m_testDigitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_testDigitAction->setToolTip(
        tr("Show a random digit from the MNIST test set, as the network was trained on"));
    connect(m_testDigitAction, &QAction::triggered, this, [this] { showTestDigit(); });

    m_animateAction = new QAction(tr("&Animate the network"), this);
    m_animateAction->setCheckable(true);
    m_animateAction->setChecked(m_settings.animationEnabled());
    m_logScaleAction = new QAction(tr("&Logarithmic loss axis"), this);
    m_logScaleAction->setCheckable(true);
    m_aboutAction = new QAction(tr("&About digitscope"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    file->addAction(m_saveAction);
    file->addAction(m_saveAsAction);
    file->addSeparator();
    file->addAction(m_openDatasetAction);
    file->addAction(m_trainFurtherAction);
    file->addAction(m_removeRunAction);
    file->addSeparator();
    file->addAction(m_exportPngAction);
    file->addAction(m_exportCsvAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_undoAction);
    edit->addAction(m_clearAction);
    edit->addSeparator();
    edit->addAction(m_testDigitAction);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_animateAction);
    view->addAction(m_logScaleAction);
    view->addSeparator();
    m_viewMenu = view;  // the panels' toggles: addPanelToggle

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createToolBar() {
    QToolBar* bar = addToolBar(tr("Model"));
    bar->setObjectName(QStringLiteral("modelToolBar"));
    bar->setMovable(false);
    bar->addWidget(new QLabel(tr(" Model ")));
    m_modelList = new QComboBox;
    m_modelList->setObjectName(QStringLiteral("modelList"));
    m_modelList->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_modelList->setToolTip(tr("The network that reads your drawing"));
    bar->addWidget(m_modelList);
    connect(m_modelList, &QComboBox::activated, this, &MainWindow::modelListActivated);
    // The same order as the menus: the model's file actions, the view, then one toggle per
    // panel (addPanelToggle), each a short word with its shortcut in the tooltip.
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addSeparator();
    m_openAction->setIconText(tr("Open…"));
    m_openAction->setToolTip(tr("Open a model file, .dsm or .onnx (Ctrl+O)"));
    m_saveAction->setIconText(tr("Save"));
    m_saveAction->setToolTip(
        tr("Save the shown model to the file it came from, else Save as "
           "(Ctrl+S)"));
    m_saveAsAction->setIconText(tr("Save as…"));
    m_saveAsAction->setToolTip(tr("Save the shown model to a new file (Ctrl+Shift+S)"));
    bar->addAction(m_openAction);
    bar->addAction(m_saveAction);
    bar->addAction(m_saveAsAction);
    bar->addSeparator();
    m_animateAction->setIconText(tr("Animate"));
    m_animateAction->setToolTip(tr("Light the network layer by layer when the input changes"));
    bar->addAction(m_animateAction);
    bar->addSeparator();
    m_toolBar = bar;
    m_viewMenu->addAction(bar->toggleViewAction());
    m_viewMenu->addSeparator();
    addPanelToggle(m_trainingDock);
    addPanelToggle(m_explainDock);
}

void MainWindow::addPanelToggle(QDockWidget* dock) {
    QAction* toggle = dock->toggleViewAction();
    toggle->setToolTip(tr("Show or hide the %1 panel").arg(dock->windowTitle()));
    m_viewMenu->addAction(toggle);
    m_toolBar->addAction(toggle);
}

void MainWindow::openModelDialog() {
    const QString start = m_settings.lastModelPath().isEmpty()
                              ? QStandardPaths::writableLocation(QStandardPaths::HomeLocation)
                              : QFileInfo(m_settings.lastModelPath()).absolutePath();
    const QString path = m_questions->openFileName(this, tr("Open model"), start, kModelFilter);
    if (!path.isEmpty()) openModel(path);
}

bool MainWindow::saveModelAs() {
    QString start = m_models.savePath();
    if (start.isEmpty()) {
        const QString folder = m_settings.lastModelPath().isEmpty()
                                   ? QStandardPaths::writableLocation(QStandardPaths::HomeLocation)
                                   : QFileInfo(m_settings.lastModelPath()).absolutePath();
        start = folder + QStringLiteral("/") + m_models.suggestedFileName();
    }
    QString path = m_questions->saveFileName(this, tr("Save model as"), start, kModelFilter);
    if (path.isEmpty()) return false;
    if (const QString suffix = QFileInfo(path).suffix();
        suffix != QStringLiteral("dsm") && suffix != QStringLiteral("onnx"))
        path += QStringLiteral(".dsm");
    return saveModelTo(path);
}

void MainWindow::openDatasetDialog() {
    const QString folder = m_questions->folder(
        this, tr("Open dataset folder (MNIST's four IDX files)"), m_settings.datasetFolder());
    if (!folder.isEmpty()) openDataset(folder);
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About digitscope"),
        tr("<h3>digitscope %1</h3>"
           "<p>Draw a digit and watch a small neural network read it, layer by layer, as in "
           "3Blue1Brown's <i>But what is a neural network?</i> Train your own network on "
           "MNIST and watch the loss fall.</p>"
           "<p>Your strokes are cropped, scaled to 20 × 20 and centred in 28 × 28, the way "
           "the MNIST digits were made, before the network sees them.</p>"
           "<p>Built with Qt %2 and Eigen.</p>")
            .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

}  // namespace digitscope::app
