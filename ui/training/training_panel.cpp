#include "ui/training/training_panel.h"

#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <algorithm>

#include "core/base/errors.h"
#include "session/training/training_session.h"
#include "ui/training/stroke_data_list.h"

namespace digitscope::ui {
namespace {

// QProgressBar::setValue repaints at once (repaint(), not update()) whenever the bar grows by a
// pixel or a percent; a synchronous repaint paints everything dirty in the window, network view
// and chart included, inside the progress report, ~30 times a second while training. With
// updates disabled around it the value changes quietly; enabling them again calls update(),
// which the next frame coalesces with everything else.
void setProgressQuietly(QProgressBar* bar, int value) {
    if (bar->value() == value) return;
    bar->setUpdatesEnabled(false);
    bar->setValue(value);
    bar->setUpdatesEnabled(true);
}

}  // namespace

TrainingPanel::TrainingPanel(TrainingSession& session, QWidget* parent)
    : QWidget(parent), m_session(session) {
    buildForm();
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);  // the chart takes the height
    connectSession();
    showDataset();
    updateTarget();
    updateControls();
}

TrainingPanel::~TrainingPanel() = default;

QString TrainingPanel::experimentLine() const {
    return QString::fromStdString(
        core::trainCommand(config().experiment(m_session.datasetFolder())));
}

void TrainingPanel::copyExperiment() {
    QString line;
    try {
        line = experimentLine();
    } catch (const core::ConfigError& error) {
        m_statusLabel->setText(tr("Nothing copied: %1").arg(QString::fromUtf8(error.what())));
        return;
    }
    QGuiApplication::clipboard()->setText(line);
    m_statusLabel->setText(
        m_session.hasStartModel()
            ? tr("Copied the command line of this form; it trains from fresh weights, not "
                 "further from %1.")
                  .arg(m_session.startModelName())
            : tr("Copied the command line that reproduces this run."));
}

void TrainingPanel::applyExperiment(const core::Experiment& experiment) {
    if (m_session.runActive()) {
        m_statusLabel->setText(tr("Not pasted: reset the run first, then paste again."));
        return;
    }
    TrainingConfig pasted;
    try {
        pasted = TrainingConfig::fromExperiment(experiment);
    } catch (const core::ConfigError& error) {
        m_statusLabel->setText(tr("Not pasted: %1").arg(QString::fromUtf8(error.what())));
        return;
    }
    setConfig(pasted);
    const QString folder = QString::fromStdString(experiment.data);
    const bool otherFolder =
        QFileInfo(folder).isDir() && QFileInfo(folder).canonicalFilePath() !=
                                         QFileInfo(m_session.datasetFolder()).canonicalFilePath();
    if (otherFolder) m_session.setDatasetFolder(folder);
    // The form's fields have ranges (a learning rate up to 10): say what it could not hold.
    const TrainingConfig shown = config();
    QStringList changed;
    if (shown.learningRate != pasted.learningRate)
        changed << tr("learning rate %1 → %2").arg(pasted.learningRate).arg(shown.learningRate);
    if (shown.weightDecay != pasted.weightDecay)
        changed << tr("weight decay %1 → %2").arg(pasted.weightDecay).arg(shown.weightDecay);
    if (shown.batchSize != pasted.batchSize)
        changed << tr("batch %1 → %2").arg(pasted.batchSize).arg(shown.batchSize);
    if (shown.epochs != pasted.epochs)
        changed << tr("epochs %1 → %2").arg(pasted.epochs).arg(shown.epochs);
    if (shown.augmentStrength != pasted.augmentStrength)
        changed << tr("augment strength %1 → %2")
                       .arg(pasted.augmentStrength)
                       .arg(shown.augmentStrength);
    if (shown.trainLimit != pasted.trainLimit)
        changed << tr("train limit %1 → %2").arg(pasted.trainLimit).arg(shown.trainLimit);
    if (!changed.isEmpty())
        m_statusLabel->setText(tr("Pasted, but outside the form's range: %1.")
                                   .arg(changed.join(QStringLiteral(", "))));
    else
        m_statusLabel->setText(otherFolder
                                   ? tr("Pasted: every field set, and the dataset %1 loads.")
                                         .arg(QDir::toNativeSeparators(folder))
                                   : tr("Pasted: every field set from the command line."));
}

QSize TrainingPanel::sizeHint() const {
    QSize hint = QWidget::sizeHint();
    if (layout() && layout()->hasHeightForWidth())
        hint.setHeight(std::max(layout()->totalHeightForWidth(std::max(width(), hint.width())),
                                layout()->totalMinimumSize().height()));
    return hint;
}

void TrainingPanel::connectSession() {
    connect(&m_session, &TrainingSession::datasetLoading, this, &TrainingPanel::showDataset);
    connect(&m_session, &TrainingSession::datasetReady, this, [this] {
        showDataset();
        updateArchitectureLabel();
        updateControls();
    });
    connect(&m_session, &TrainingSession::datasetError, this, [this] {
        showDataset();
        updateControls();
    });
    connect(&m_session, &TrainingSession::startModelChanged, this,
            &TrainingPanel::startModelChanged);
    connect(&m_session, &TrainingSession::stateChanged, this, [this] {
        updateTarget();
        updateControls();
    });
    connect(&m_session, &TrainingSession::runStarted, this, &TrainingPanel::updateTarget);
    connect(&m_session, &TrainingSession::progressReported, this, &TrainingPanel::showProgress);
    connect(&m_session, &TrainingSession::statusMessage, m_statusLabel, &QLabel::setText);
    connect(&m_session, &TrainingSession::resetDone, this, &TrainingPanel::clearProgress);
    connect(&m_session, &TrainingSession::troubleFound, this, &TrainingPanel::showTrouble);
    connect(&m_session, &TrainingSession::stepDone, this, [this](const QString& summary) {
        m_stepLabel->setText(summary);
        m_stepLabel->setVisible(true);
    });
    connect(&m_session, &TrainingSession::runStarted, this, [this] { showTrouble(); });
    connect(&m_session, &TrainingSession::resetDone, this, [this] { showTrouble(); });
}

void TrainingPanel::showTrouble() {
    const TrainingRun* active = m_session.run(m_session.activeRunId());
    const QString text = active ? active->trouble : QString();
    m_troubleLabel->setText(text);
    m_troubleLabel->setVisible(!text.isEmpty());
}

// --- the actions
// ----------------------------------------------------------------------------------

void TrainingPanel::train() {
    m_stepLabel->hide();
    m_session.train(config());
    updateControls();
}

void TrainingPanel::pause() {
    m_session.pause();
    updateControls();
}

void TrainingPanel::step() {
    m_session.step(config());
    updateControls();
}

void TrainingPanel::reset() {
    m_stepLabel->hide();
    m_session.reset(config());
    updateTarget();
    updateControls();
}

void TrainingPanel::learningRateChanged(double rate) {
    m_session.setLearningRate(rate);
    updateTarget();
}

void TrainingPanel::architectureEdited() {
    if (m_showingStartModel) return;
    // A different architecture than the model to train further: fresh weights.
    std::optional<core::Architecture> architecture;
    try {
        architecture = config().architecture(m_session.inputSize(), 10);
    } catch (const core::ConfigError&) {
    }
    m_session.keepStartModelOnlyFor(architecture);
    updateArchitectureLabel();
    updateTarget();
    updateControls();
}

void TrainingPanel::startModelChanged() {
    const std::optional<core::Model>& model = m_session.startModel();
    if (!model) {
        m_ownConfig.reset();
        updateTarget();
        updateControls();
        return;
    }
    // The form shows the model's architecture and a gentler rate; the user's form is kept to be
    // remembered (rememberedConfig).
    if (!m_ownConfig) m_ownConfig = config();
    const core::Architecture& architecture = model->network.architecture();
    TrainingConfig form = config();
    form.hiddenLayers.clear();
    for (int l = 1; l + 1 < static_cast<int>(architecture.sizes.size()); ++l)
        form.hiddenLayers += (l > 1 ? QStringLiteral("-") : QString()) +
                             QString::number(architecture.sizes[static_cast<std::size_t>(l)]);
    form.activation = architecture.hidden;
    form.loss = architecture.loss;
    form.learningRate = furtherLearningRate(model->metadata, form.optimizer);
    m_showingStartModel = true;  // not the user's edit: keep the model
    setConfig(form);
    m_showingStartModel = false;
    updateArchitectureLabel();
    clearProgress();
    m_statusLabel->setText(
        tr("Ready to train %1 further, at a lower learning rate (%2) so that it keeps what it "
           "has learnt.")
            .arg(m_session.startModelName(), formatRate(form.learningRate)));
    updateTarget();
    updateControls();
}

// --- what the panel shows
// -------------------------------------------------------------------------

void TrainingPanel::setTargetShown(bool shown) {
    if (m_targetShown == shown) return;
    m_targetShown = shown;
    updateTarget();
}

void TrainingPanel::setMyDigits(const QString& path, int count) {
    m_strokeData->setMyDigits(path, count);
}

void TrainingPanel::updateTarget() {
    const bool existing = m_session.runActive() || m_session.hasStartModel();
    const bool hidden = existing && !m_targetShown;
    QString text = tr("Trains: %1").arg(m_session.describeTarget(config()).toHtmlEscaped());
    if (hidden)
        text +=
            tr("<br><span style='color:#f0b35a'>Not the model shown: Train shows it "
               "again.</span>");
    m_targetLabel->setText(text);
    m_trainShownButton->setVisible(hidden);
}

void TrainingPanel::showProgress(const TrainingProgress& progress) {
    const int perEpoch = static_cast<int>(std::max<std::int64_t>(1, progress.batchesPerEpoch));
    m_progress->setRange(0, perEpoch);
    setProgressQuietly(m_progress,
                       static_cast<int>(std::min<std::int64_t>(progress.batch, perEpoch)));
    m_progress->setFormat(
        tr("epoch %1/%2 · %p%").arg(std::max(1, progress.epoch)).arg(progress.epochs));
}

void TrainingPanel::clearProgress() {
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("epoch progress"));
}

// --- settings
// ---------------------------------------------------------------------------------------

TrainingConfig TrainingPanel::rememberedConfig() const {
    TrainingConfig remembered = config();
    if (m_ownConfig) {
        remembered.hiddenLayers = m_ownConfig->hiddenLayers;
        remembered.activation = m_ownConfig->activation;
        remembered.loss = m_ownConfig->loss;
        remembered.learningRate = m_ownConfig->learningRate;
    }
    return remembered;
}

void TrainingPanel::restoreSettings(QSettings& settings) {
    setConfig(TrainingConfig::load(settings));
}

void TrainingPanel::saveSettings(QSettings& settings) const {
    rememberedConfig().save(settings);
}

}  // namespace digitscope::ui
