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
#include "ui/bundled_models.h"
#include "ui/drawing_canvas.h"

namespace digitscope::app {
namespace {

const QString kModelFilter = QObject::tr(
    "Models (*.dsm *.onnx);;digitscope models (*.dsm);;ONNX models (*.onnx);;"
    "All files (*)");

// Entries of the model list that are not bundled model names.
enum class ListEntry { Bundled, Current, OpenFile };

}  // namespace

void MainWindow::createActions() {
    m_openAction = new QAction(tr("&Open model…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openModelDialog);
    m_saveAction = new QAction(tr("&Save model"), this);
    m_saveAction->setShortcut(QKeySequence::Save);
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::saveModel);
    m_saveAsAction = new QAction(tr("Save model &as…"), this);
    m_saveAsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(m_saveAsAction, &QAction::triggered, this, &MainWindow::saveModelAsDialog);
    m_openDatasetAction = new QAction(tr("Open &dataset…"), this);
    connect(m_openDatasetAction, &QAction::triggered, this, &MainWindow::openDatasetDialog);
    m_trainFurtherAction = new QAction(tr("&Train this model further"), this);
    m_trainFurtherAction->setToolTip(
        tr("Start the training panel from the current model's weights"));
    connect(m_trainFurtherAction, &QAction::triggered, this, &MainWindow::trainCurrentModel);
    m_exportPngAction = new QAction(tr("Export loss chart as &PNG…"), this);
    connect(m_exportPngAction, &QAction::triggered, this, [this] { exportLossChart(false); });
    m_exportCsvAction = new QAction(tr("Export loss history as &CSV…"), this);
    connect(m_exportCsvAction, &QAction::triggered, this, [this] { exportLossChart(true); });
    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_undoAction = new QAction(tr("&Undo stroke"), this);
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_undoAction->setToolTip(tr("Undo the last stroke (Ctrl+Z)"));
    connect(m_undoAction, &QAction::triggered, this, [this] { m_canvas->undoStroke(); });
    m_clearAction = new QAction(tr("&Clear canvas"), this);
    m_clearAction->setShortcuts({QKeySequence(Qt::Key_Escape), QKeySequence(Qt::Key_Delete)});
    m_clearAction->setToolTip(tr("Clear the canvas (Esc or Delete)"));
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
    view->addAction(m_trainingDock->toggleViewAction());

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
    bar->addSeparator();
    bar->addAction(m_openAction);
    bar->addAction(m_saveAsAction);
    bar->addSeparator();
    bar->addAction(m_animateAction);
    bar->addAction(m_trainingDock->toggleViewAction());
    QMenu* viewMenu = nullptr;
    for (QAction* action : menuBar()->actions())
        if (action->menu() && action->text() == tr("&View")) viewMenu = action->menu();
    if (viewMenu) viewMenu->addAction(bar->toggleViewAction());
}

// The list holds the bundled models, then the current model when it is not bundled (a file
// or the network being trained), then "Open a model file…".
void MainWindow::refreshModelList() {
    if (!m_modelList) return;
    const QSignalBlocker blocker(m_modelList);
    m_modelList->clear();
    for (const QString& name : ui::BundledModels::names())
        m_modelList->addItem(name, QVariant::fromValue(static_cast<int>(ListEntry::Bundled)));
    if (m_model.network && m_model.origin != LoadedModel::Origin::Bundled) {
        const QString label = m_model.origin == LoadedModel::Origin::File
                                  ? tr("%1 (file)").arg(m_model.name)
                                  : tr("Trained here: %1").arg(m_model.name);
        m_modelList->addItem(label, QVariant::fromValue(static_cast<int>(ListEntry::Current)));
        m_modelList->setItemData(m_modelList->count() - 1, m_model.path, Qt::ToolTipRole);
    }
    m_modelList->insertSeparator(m_modelList->count());
    m_modelList->addItem(tr("Open a model file…"),
                         QVariant::fromValue(static_cast<int>(ListEntry::OpenFile)));
    int current = -1;
    for (int i = 0; i < m_modelList->count(); ++i) {
        const auto entry = static_cast<ListEntry>(m_modelList->itemData(i).toInt());
        const bool bundledMatch = entry == ListEntry::Bundled &&
                                  m_model.origin == LoadedModel::Origin::Bundled &&
                                  m_model.name == m_modelList->itemText(i);
        if (bundledMatch || (entry == ListEntry::Current && m_model.network)) current = i;
    }
    m_modelList->setCurrentIndex(current);
}

void MainWindow::modelListActivated(int index) {
    const auto entry = static_cast<ListEntry>(m_modelList->itemData(index).toInt());
    switch (entry) {
        case ListEntry::Bundled:
            selectBundledModel(m_modelList->itemText(index));
            break;
        case ListEntry::Current:
            if (m_model.origin == LoadedModel::Origin::Training) m_followTraining = true;
            break;
        case ListEntry::OpenFile:
            refreshModelList();  // show the model we have until a file is chosen
            openModelDialog();
            break;
    }
}

void MainWindow::openModelDialog() {
    const QString start = m_settings.lastModelPath().isEmpty()
                              ? QStandardPaths::writableLocation(QStandardPaths::HomeLocation)
                              : QFileInfo(m_settings.lastModelPath()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open model"), start, kModelFilter);
    if (!path.isEmpty()) openModel(path);
}

void MainWindow::saveModel() {
    if (m_savePath.isEmpty()) return saveModelAsDialog();
    saveModelTo(m_savePath);
}

void MainWindow::saveModelAsDialog() {
    QString start = m_savePath;
    if (start.isEmpty()) {
        const QString folder = m_settings.lastModelPath().isEmpty()
                                   ? QStandardPaths::writableLocation(QStandardPaths::HomeLocation)
                                   : QFileInfo(m_settings.lastModelPath()).absolutePath();
        start = folder + QStringLiteral("/") + m_model.name.section(QLatin1Char('.'), 0, 0) +
                QStringLiteral(".dsm");
    }
    QString path = QFileDialog::getSaveFileName(this, tr("Save model as"), start, kModelFilter);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".dsm");
    saveModelTo(path);
}

void MainWindow::openDatasetDialog() {
    const QString folder = QFileDialog::getExistingDirectory(
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
