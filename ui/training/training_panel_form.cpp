// The training panel's widgets: the form, the buttons, the progress bar, and what keeps them
// consistent (enabled states, the architecture line, the optimiser's default rate).
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/base/errors.h"
#include "session/training/dataset_loader.h"
#include "session/training/training_session.h"
#include "ui/training/rate_spin_box.h"
#include "ui/training/stroke_data_list.h"
#include "ui/training/training_panel.h"

namespace digitscope::ui {
namespace {

constexpr std::int64_t kMaxParameters = 20'000'000;  // beyond this live training is unusable

template <typename Widget>
Widget* named(Widget* widget, const char* name) {
    widget->setObjectName(QString::fromLatin1(name));
    return widget;
}

QComboBox* comboBox(const char* name, std::initializer_list<std::pair<QString, int>> items) {
    auto* box = named(new QComboBox, name);
    for (const auto& [text, value] : items) box->addItem(text, value);
    return box;
}

// QScrollArea keeps the size hint its widget had when it was first asked (here before the form
// was filled in): this one asks the form each time, so the panel is as high as the form.
class FormScrollArea : public QScrollArea {
public:
    QSize sizeHint() const override {
        if (!widget()) return QScrollArea::sizeHint();
        return widget()->sizeHint() + QSize(verticalScrollBar()->sizeHint().width(), 0);
    }
};

void selectData(QComboBox* box, int value) {
    const int index = box->findData(value);
    if (index >= 0) box->setCurrentIndex(index);
}

}  // namespace

void TrainingPanel::buildForm() {
    m_datasetLabel = named(new QLabel, "datasetLabel");
    m_datasetLabel->setWordWrap(true);
    m_datasetLabel->setTextFormat(Qt::RichText);
    m_datasetLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_chooseButton = named(new QPushButton(tr("Choose…")), "chooseDatasetButton");
    m_chooseButton->setToolTip(
        tr("Choose a folder with the four IDX files of MNIST or "
           "Fashion-MNIST (raw or .gz)"));
    connect(m_chooseButton, &QPushButton::clicked, this, &TrainingPanel::chooseFolder);
    auto* datasetRow = new QHBoxLayout;
    datasetRow->addWidget(m_datasetLabel, 1);
    datasetRow->addWidget(m_chooseButton, 0, Qt::AlignTop);
    m_strokeData = named(new StrokeDataList, "strokeData");

    // Which model the next Train trains, and a way to the shown one when it is another.
    m_targetLabel = named(new QLabel, "trainingTargetLabel");
    m_targetLabel->setWordWrap(true);
    m_targetLabel->setTextFormat(Qt::RichText);
    m_trainShownButton = named(new QPushButton(tr("Train the shown model")), "trainShownButton");
    m_trainShownButton->setToolTip(tr("Train the model the window shows further instead"));
    m_trainShownButton->setVisible(false);
    connect(m_trainShownButton, &QPushButton::clicked, this,
            &TrainingPanel::trainShownModelRequested);
    auto* targetRow = new QHBoxLayout;
    targetRow->addWidget(m_targetLabel, 1);
    targetRow->addWidget(m_trainShownButton, 0, Qt::AlignTop);

    m_hiddenEdit = named(new QLineEdit, "hiddenLayersEdit");
    m_hiddenEdit->setPlaceholderText(tr("none"));
    m_hiddenEdit->setToolTip(
        tr("Units of each hidden layer, e.g. 16-16 as in the video, or "
           "256-128; empty for none. Changing it starts from fresh weights."));
    // No validator: a refused key says nothing, the label beside the field says what is wrong.
    m_architectureLabel = named(new QLabel, "architectureLabel");
    m_architectureLabel->setWordWrap(true);
    m_activationBox =
        comboBox("activationBox", {{tr("ReLU"), static_cast<int>(core::Activation::Relu)},
                                   {tr("Sigmoid"), static_cast<int>(core::Activation::Sigmoid)},
                                   {tr("Tanh"), static_cast<int>(core::Activation::Tanh)}});
    m_lossBox =
        comboBox("lossBox", {{tr("Cross-entropy"), static_cast<int>(core::Loss::CrossEntropy)},
                             {tr("Squared error"), static_cast<int>(core::Loss::SquaredError)}});
    m_lossBox->setToolTip(
        tr("Cross-entropy: softmax outputs. Squared error: the video's sigmoid "
           "outputs and its \"cost\"."));
    m_optimizerBox =
        comboBox("optimizerBox", {{tr("Adam"), static_cast<int>(core::OptimizerKind::Adam)},
                                  {tr("Momentum"), static_cast<int>(core::OptimizerKind::Momentum)},
                                  {tr("SGD"), static_cast<int>(core::OptimizerKind::Sgd)}});
    auto* rateSpin = named(new RateSpinBox, "learningRateSpin");
    m_rateSpin = rateSpin;
    m_rateSpin->setDecimals(5);
    m_rateSpin->setRange(0.00001, 10.0);
    m_rateSpin->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    m_rateSpin->setToolTip(tr("From 0.00001 to 10; can be changed while training"));
    m_rateNote = named(new QLabel, "learningRateNote");
    m_rateNote->setWordWrap(true);
    m_rateNote->setStyleSheet(QStringLiteral("color: #f0b35a"));
    m_rateNote->setVisible(false);
    connect(rateSpin, &RateSpinBox::limitHit, this, [this](double typed, double limit) {
        m_rateNote->setText(tr("The learning rate is at most %1: %2 became %1.")
                                .arg(formatRate(limit), formatRate(typed)));
        m_rateNote->setVisible(true);
    });
    connect(m_rateSpin->findChild<QLineEdit*>(), &QLineEdit::textEdited, m_rateNote, &QLabel::hide);
    m_scheduleBox = comboBox(
        "scheduleBox", {{tr("Constant"), static_cast<int>(core::Schedule::Constant)},
                        {tr("Step (halve each epoch)"), static_cast<int>(core::Schedule::Step)},
                        {tr("Cosine (down to 0)"), static_cast<int>(core::Schedule::Cosine)}});
    m_scheduleBox->setToolTip(
        tr("How the learning rate changes over the run (the CLI's "
           "--schedule)"));
    m_decaySpin = named(new QDoubleSpinBox, "weightDecaySpin");
    m_decaySpin->setDecimals(5);
    m_decaySpin->setRange(0, TrainingConfig::kMaxWeightDecay);
    m_decaySpin->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    m_decaySpin->setSpecialValueText(tr("none"));
    m_decaySpin->setToolTip(
        tr("L2 weight decay, 0 to 0.1: pulls every weight towards 0 a "
           "little each step (the CLI's --weight-decay)"));
    m_batchSpin = named(new QSpinBox, "batchSizeSpin");
    m_batchSpin->setRange(1, TrainingConfig::kMaxBatchSize);
    m_epochsSpin = named(new QSpinBox, "epochsSpin");
    m_epochsSpin->setRange(1, TrainingConfig::kMaxEpochs);
    m_seedSpin = named(new QSpinBox, "seedSpin");
    m_seedSpin->setRange(0, std::numeric_limits<int>::max());
    m_seedSpin->setToolTip(tr("Initial weights and shuffling; the same seed gives the same run"));
    m_augmentBox = named(new QCheckBox(tr("Augment")), "augmentBox");
    m_augmentBox->setToolTip(
        tr("Distort each training batch a little (shifts, rotations, slants) so that the "
           "network reads hand-drawn digits better"));
    m_augmentStrengthSpin = named(new QDoubleSpinBox, "augmentStrengthSpin");
    m_augmentStrengthSpin->setRange(0, TrainingConfig::kMaxAugmentStrength);
    m_augmentStrengthSpin->setSingleStep(0.25);
    m_augmentStrengthSpin->setDecimals(2);
    m_augmentStrengthSpin->setPrefix(tr("× "));
    m_augmentStrengthSpin->setToolTip(
        tr("Strength of the distortions, 0 to 4 (1 = the usual ones; the CLI's "
           "--augment-strength)"));
    m_padStrokesBox = named(new QCheckBox(tr("Pad style")), "padStrokesBox");
    m_padStrokesBox->setToolTip(
        tr("Thin a share of the training digits to their skeleton and redraw them with one "
           "round pen, as the pad draws what you draw: the network learns that style too. Each "
           "digit is redrawn the first time it is picked (slower first epoch)."));
    m_padShareSpin = named(new QDoubleSpinBox, "padStrokeShareSpin");
    m_padShareSpin->setRange(0.05, 1.0);
    m_padShareSpin->setSingleStep(0.05);
    m_padShareSpin->setDecimals(2);
    m_padShareSpin->setToolTip(
        tr("The share of training digits redrawn in the pad's style (the CLI's --restroke)"));
    m_limitSpin = named(new QSpinBox, "trainLimitSpin");
    m_limitSpin->setRange(0, static_cast<int>(std::min<std::int64_t>(
                                 TrainingConfig::kMaxTrainLimit, std::numeric_limits<int>::max())));
    m_limitSpin->setSingleStep(1000);
    m_limitSpin->setSpecialValueText(tr("all"));
    m_limitSpin->setToolTip(
        tr("Train on the dataset's first N images only, for quick experiments (the CLI's "
           "--train-limit); \"all\" uses every one"));
    connect(m_augmentBox, &QCheckBox::toggled, m_augmentStrengthSpin, &QWidget::setEnabled);
    connect(m_padStrokesBox, &QCheckBox::toggled, m_padShareSpin, &QWidget::setEnabled);

    // Two columns, label and field, so that the dock can be narrow (the window with the dock
    // fits 1024 x 640); in a short window the form scrolls between the dataset and the buttons.
    auto* form = named(new QWidget, "trainingForm");
    auto* grid = new QGridLayout(form);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(2);
    const auto label = [](const QString& text) {
        auto* l = new QLabel(text);
        l->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return l;
    };
    int row = 0;
    const auto addRow = [&](const QString& text, QWidget* field) {
        grid->addWidget(label(text), row, 0);
        grid->addWidget(field, row++, 1);
    };
    addRow(tr("Hidden layers"), m_hiddenEdit);
    grid->addWidget(m_architectureLabel, row++, 0, 1, 2);
    addRow(tr("Activation"), m_activationBox);
    addRow(tr("Loss"), m_lossBox);
    addRow(tr("Optimiser"), m_optimizerBox);
    addRow(tr("Learning rate"), m_rateSpin);
    grid->addWidget(m_rateNote, row++, 1);
    addRow(tr("Schedule"), m_scheduleBox);
    addRow(tr("Weight decay"), m_decaySpin);
    auto* batchAndEpochs = new QHBoxLayout;
    batchAndEpochs->setSpacing(8);
    batchAndEpochs->addWidget(m_batchSpin, 1);
    batchAndEpochs->addWidget(new QLabel(tr("Epochs")));
    batchAndEpochs->addWidget(m_epochsSpin, 1);
    grid->addWidget(label(tr("Batch size")), row, 0);
    grid->addLayout(batchAndEpochs, row++, 1);
    addRow(tr("Seed"), m_seedSpin);
    addRow(tr("Images"), m_limitSpin);
    // Each option beside its strength, so that the form keeps its height.
    grid->addWidget(m_augmentBox, row, 0);
    grid->addWidget(m_augmentStrengthSpin, row++, 1);
    grid->addWidget(m_padStrokesBox, row, 0);
    grid->addWidget(m_padShareSpin, row++, 1);
    // The whole form as one shareable command line, and back.
    m_copyButton = named(new QPushButton(tr("Copy experiment")), "copyExperimentButton");
    m_copyButton->setToolTip(
        tr("Copies the digitscope-cli train command that reproduces this "
           "run: every setting and the seed"));
    connect(m_copyButton, &QPushButton::clicked, this, &TrainingPanel::copyExperiment);
    m_pasteButton = named(new QPushButton(tr("Paste experiment")), "pasteExperimentButton");
    m_pasteButton->setToolTip(tr("Sets every field from a copied digitscope-cli train command"));
    connect(m_pasteButton, &QPushButton::clicked, this,
            [this] { emit experimentPasted(QGuiApplication::clipboard()->text()); });
    auto* shareRow = new QHBoxLayout;
    shareRow->addWidget(m_copyButton);
    shareRow->addWidget(m_pasteButton);
    grid->addLayout(shareRow, row++, 0, 1, 2);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(row, 1);  // spare height below the form, not between its rows
    auto* formScroll = named(new FormScrollArea, "trainingFormScroll");
    formScroll->setWidget(form);
    formScroll->setWidgetResizable(true);
    formScroll->setFrameShape(QFrame::NoFrame);
    formScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // As wide as the form needs beside a scroll bar (a scroll area's own minimum is tiny); as
    // high as the form when there is room.
    formScroll->setMinimumWidth(form->minimumSizeHint().width() +
                                formScroll->verticalScrollBar()->sizeHint().width());
    formScroll->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    m_trainButton = named(new QPushButton(tr("Train")), "trainButton");
    m_trainButton->setDefault(true);
    m_pauseButton = named(new QPushButton(tr("Pause")), "pauseButton");
    m_stepButton = named(new QPushButton(tr("Step")), "stepButton");
    m_stepButton->setToolTip(tr("Train exactly one batch"));
    m_resetButton = named(new QPushButton(tr("Reset")), "resetButton");
    m_resetButton->setToolTip(tr("Back to the seed's fresh weights"));
    connect(m_trainButton, &QPushButton::clicked, this, &TrainingPanel::train);
    connect(m_pauseButton, &QPushButton::clicked, this, &TrainingPanel::pause);
    connect(m_stepButton, &QPushButton::clicked, this, &TrainingPanel::step);
    connect(m_resetButton, &QPushButton::clicked, this, &TrainingPanel::reset);
    auto* buttons = new QHBoxLayout;
    for (QPushButton* button : {m_trainButton, m_pauseButton, m_stepButton, m_resetButton})
        buttons->addWidget(button);

    m_progress = named(new QProgressBar, "epochProgress");
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("epoch progress"));
    m_statusLabel = named(new QLabel, "trainingStatusLabel");
    m_statusLabel->setWordWrap(true);
    m_stepLabel = named(new QLabel, "stepSummaryLabel");
    m_stepLabel->setWordWrap(true);
    m_stepLabel->setVisible(false);
    m_troubleLabel = named(new QLabel, "trainingTroubleLabel");
    m_troubleLabel->setWordWrap(true);
    m_troubleLabel->setStyleSheet(QStringLiteral("color: #f0b35a"));
    m_troubleLabel->setVisible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(6);
    layout->addLayout(datasetRow);
    layout->addWidget(m_strokeData);
    layout->addLayout(targetRow);
    layout->addWidget(formScroll, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_statusLabel);
    layout->addWidget(m_stepLabel);
    layout->addWidget(m_troubleLabel);
    layout->addStretch();

    setConfig(TrainingConfig{});
    connect(m_hiddenEdit, &QLineEdit::textChanged, this, &TrainingPanel::architectureEdited);
    for (QComboBox* box : {m_activationBox, m_lossBox})
        connect(box, &QComboBox::currentIndexChanged, this, &TrainingPanel::architectureEdited);
    connect(m_seedSpin, &QSpinBox::valueChanged, this, &TrainingPanel::updateTarget);
    connect(m_optimizerBox, &QComboBox::currentIndexChanged, this,
            &TrainingPanel::optimizerChanged);
    connect(m_rateSpin, &QDoubleSpinBox::valueChanged, this, &TrainingPanel::learningRateChanged);
}

TrainingConfig TrainingPanel::config() const {
    TrainingConfig config;
    config.hiddenLayers = m_hiddenEdit->text().trimmed();
    config.activation = static_cast<core::Activation>(m_activationBox->currentData().toInt());
    config.loss = static_cast<core::Loss>(m_lossBox->currentData().toInt());
    config.optimizer = static_cast<core::OptimizerKind>(m_optimizerBox->currentData().toInt());
    config.learningRate = m_rateSpin->value();
    config.schedule = static_cast<core::Schedule>(m_scheduleBox->currentData().toInt());
    config.weightDecay = m_decaySpin->value();
    config.batchSize = m_batchSpin->value();
    config.epochs = m_epochsSpin->value();
    config.seed = static_cast<std::uint64_t>(m_seedSpin->value());
    config.augment = m_augmentBox->isChecked();
    config.augmentStrength = m_augmentStrengthSpin->value();
    config.padStrokes = m_padStrokesBox->isChecked();
    config.padStrokeShare = m_padShareSpin->value();
    config.trainLimit = m_limitSpin->value();
    config.strokeData = m_strokeData->entries();
    return config;
}

void TrainingPanel::setConfig(const TrainingConfig& config) {
    m_hiddenEdit->setText(config.hiddenLayers);
    selectData(m_activationBox, static_cast<int>(config.activation));
    selectData(m_lossBox, static_cast<int>(config.loss));
    {
        const QSignalBlocker blocker(m_optimizerBox);  // keep the given rate
        selectData(m_optimizerBox, static_cast<int>(config.optimizer));
        m_shownOptimizer = config.optimizer;
    }
    m_rateSpin->setValue(config.learningRate);
    selectData(m_scheduleBox, static_cast<int>(config.schedule));
    m_decaySpin->setValue(config.weightDecay);
    m_batchSpin->setValue(config.batchSize);
    m_epochsSpin->setValue(config.epochs);
    m_seedSpin->setValue(static_cast<int>(std::min<std::uint64_t>(
        config.seed, static_cast<std::uint64_t>(std::numeric_limits<int>::max()))));
    m_augmentBox->setChecked(config.augment);
    m_augmentStrengthSpin->setValue(config.augmentStrength);
    m_augmentStrengthSpin->setEnabled(config.augment && m_augmentBox->isEnabled());
    m_padStrokesBox->setChecked(config.padStrokes);
    m_padShareSpin->setValue(config.padStrokeShare);
    m_padShareSpin->setEnabled(config.padStrokes && m_padStrokesBox->isEnabled());
    m_limitSpin->setValue(static_cast<int>(
        std::min<std::int64_t>(config.trainLimit, std::numeric_limits<int>::max())));
    m_strokeData->setEntries(config.strokeData);
    updateArchitectureLabel();
}

void TrainingPanel::optimizerChanged() {
    const auto kind = static_cast<core::OptimizerKind>(m_optimizerBox->currentData().toInt());
    // The rate follows the optimiser unless the user chose one of their own.
    if (qFuzzyCompare(m_rateSpin->value(), defaultLearningRate(m_shownOptimizer)))
        m_rateSpin->setValue(defaultLearningRate(kind));
    m_shownOptimizer = kind;
}

void TrainingPanel::updateArchitectureLabel() {
    try {
        const core::Architecture architecture = config().architecture(m_session.inputSize(), 10);
        const std::int64_t count = architecture.parameterCount();
        if (count > kMaxParameters)
            throw core::ConfigError(
                tr("%1 parameters: too many to train here (at most %2)")
                    .arg(QLocale().toString(count), QLocale().toString(kMaxParameters))
                    .toStdString());
        m_architectureLabel->setText(tr("%1 · %2 parameters")
                                         .arg(QString::fromStdString(architecture.sizesString()),
                                              QLocale().toString(count)));
        m_architectureLabel->setStyleSheet(QString());
        m_architectureLabel->setToolTip(QString());
    } catch (const core::ConfigError& error) {
        m_architectureLabel->setText(QString::fromUtf8(error.what()));
        m_architectureLabel->setToolTip(
            tr("Hidden layers: up to %1 layers of 1 to %2 units, up to %3 parameters in all")
                .arg(core::Architecture::kMaxHiddenLayers)
                .arg(core::Architecture::kMaxLayerSize)
                .arg(QLocale().toString(kMaxParameters)));
        m_architectureLabel->setStyleSheet(QStringLiteral("color: #ff6b6b"));
    }
}

void TrainingPanel::updateControls() {
    using State = TrainingWorker::State;
    const bool active = m_session.runActive();
    const bool hasData = m_session.hasDataset();
    const bool running = active && m_session.workerState() == State::Running;
    const bool finished = active && m_session.workerState() == State::Finished;
    bool formValid = true;
    try {
        const auto architecture = config().architecture(m_session.inputSize());
        formValid = architecture.parameterCount() <= kMaxParameters;
    } catch (const core::ConfigError&) {
        formValid = false;
    }
    const bool canStart = hasData && (active || formValid);
    m_trainButton->setEnabled(canStart && !running);
    m_trainButton->setText(!active || running ? tr("Train")
                           : finished         ? tr("Train more")
                                              : tr("Resume"));
    m_trainButton->setToolTip(hasData ? QString() : tr("Load a dataset first"));
    m_pauseButton->setEnabled(running);
    m_stepButton->setEnabled(canStart && !running);
    m_resetButton->setEnabled(active || m_session.hasStartModel());
    for (QWidget* field : std::initializer_list<QWidget*>{
             m_hiddenEdit, m_activationBox, m_lossBox, m_optimizerBox, m_scheduleBox, m_decaySpin,
             m_batchSpin, m_epochsSpin, m_seedSpin, m_limitSpin, m_augmentBox, m_padStrokesBox,
             m_strokeData, m_pasteButton})
        field->setEnabled(!active);
    m_augmentStrengthSpin->setEnabled(!active && m_augmentBox->isChecked());
    m_padShareSpin->setEnabled(!active && m_padStrokesBox->isChecked());
}

void TrainingPanel::chooseFolder() {
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Choose a folder of IDX files"),
        m_session.datasetFolder().isEmpty() ? DatasetLoader::candidateFolders().value(0)
                                            : m_session.datasetFolder());
    if (!folder.isEmpty()) m_session.setDatasetFolder(folder);
}

void TrainingPanel::showDataset() {
    if (!m_session.loadingFolder().isEmpty()) {
        m_datasetLabel->setText(tr("Loading %1…").arg(m_session.loadingFolder().toHtmlEscaped()));
    } else if (const core::DatasetPair* loaded = m_session.dataset()) {
        m_datasetLabel->setText(DatasetLoader::describe(*loaded).toHtmlEscaped());
        m_datasetLabel->setToolTip(m_session.datasetFolder());
    } else {
        m_datasetLabel->setText(DatasetLoader::missingDatasetHint());
        m_datasetLabel->setToolTip(
            tr("Looked in:\n%1").arg(DatasetLoader::candidateFolders().join('\n')));
    }
}

}  // namespace digitscope::ui
