// The work behind the explain tabs: the quick arithmetic here; saliency, dreams and the
// mistakes' confusion matrix on background jobs (the newest request wins), results as values.
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <chrono>
#include <cmath>

#include "core/explain/dream.h"
#include "core/explain/neuron_arithmetic.h"
#include "core/explain/saliency.h"
#include "session/teaching/replay_data.h"
#include "ui/explain/arithmetic_view.h"
#include "ui/explain/confusion_view.h"
#include "ui/explain/digit_gallery.h"
#include "ui/explain/dream_view.h"
#include "ui/explain/explain_panel.h"
#include "ui/explain/saliency_view.h"

namespace digitscope::ui {
namespace {

int squareSide(int units) {
    const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(units))));
    return side * side == units ? side : 0;
}

bool traceMatches(const core::Network& network, const core::ForwardTrace& trace) {
    return static_cast<int>(trace.activations.size()) == network.layerCount() + 1 &&
           trace.activations[0].cols() > 0;
}

}  // namespace

QString ExplainPanel::neuronName(NeuronId id) const {
    if (!m_network) return {};
    if (id.layer == m_network->layerCount()) return tr("output %1").arg(id.index);
    return tr("hidden %1 · neuron %2").arg(id.layer).arg(id.index);
}

NeuronId ExplainPanel::dreamNeuron() const {
    if (m_selected && m_selected->layer >= 1) return *m_selected;
    // Nothing (or an input pixel) selected: the video's "perfect 5".
    const int outputs = m_network ? m_network->architecture().outputSize() : 0;
    return {m_network ? m_network->layerCount() : 0, std::min(5, outputs - 1)};
}

void ExplainPanel::updateArithmetic() {
    if (!m_network || !traceMatches(*m_network, m_trace)) {
        m_arithmetic->clear(tr("No model loaded"));
        return;
    }
    if (!m_selected || m_selected->layer < 1) {
        m_arithmetic->clear(
            tr("Click a hidden or output neuron (in the network or the weight "
               "maps) to see its weighted sum with the real numbers"));
        return;
    }
    try {
        m_arithmetic->setArithmetic(
            core::explainNeuron(*m_network, m_trace, m_selected->layer, m_selected->index),
            squareSide(m_network->architecture().inputSize()));
    } catch (const std::exception&) {
        m_arithmetic->clear(tr("That neuron is not in this network"));
    }
}

void ExplainPanel::requestSaliency() {
    m_saliencyStale = false;
    if (!m_network || m_blank || m_input.size() != m_network->architecture().inputSize()) {
        m_saliency->clear(m_network ? tr("Draw a digit to see what pushed the answer")
                                    : tr("No model loaded"));
        emitCanvasOverlay();
        return;
    }
    m_saliencyJob.submit([this, network = m_network, input = m_input](const std::atomic<bool>&) {
        core::AnswerSaliency saliency = core::explainAnswer(*network, input);
        return [this, saliency = std::move(saliency), input] {
            m_saliency->setSaliency(saliency, input);
            m_saliencyInput = input;
            emitCanvasOverlay();
        };
    });
}

void ExplainPanel::emitCanvasOverlay() {
    if (m_onCanvas->isChecked() && m_saliency->hasSaliency())
        emit canvasOverlayChanged(m_saliency->saliency().gradientTimesInput, m_saliencyInput);
    else
        emit canvasOverlayChanged(Eigen::VectorXf(), Eigen::VectorXf());
}

void ExplainPanel::requestDreams() {
    m_dreamsStale = false;
    m_drawDream->setEnabled(false);
    m_drawNoise->setEnabled(false);
    if (!m_network) {
        m_dreams->clear(tr("No model loaded"));
        return;
    }
    const NeuronId id = dreamNeuron();
    m_dreamJob.submit([this, network = m_network, id,
                       name = neuronName(id)](const std::atomic<bool>& superseded) {
        const auto start = std::chrono::steady_clock::now();
        core::DreamSettings settings;
        DreamView::Dreams dreams;
        dreams.neuron = name;
        dreams.regularised = core::dreamNeuron(*network, id.layer, id.index, settings, &superseded);
        settings.regularise = false;
        dreams.noise = core::dreamNeuron(*network, id.layer, id.index, settings, &superseded);
        dreams.milliseconds =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        return [this, dreams = std::move(dreams)]() mutable {
            m_dreams->setDreams(std::move(dreams));
            m_drawDream->setEnabled(true);
            m_drawNoise->setEnabled(true);
        };
    });
}

void ExplainPanel::drawDream(bool regularised) {
    if (!m_dreams->hasDreams()) return;
    const DreamView::Dreams& d = m_dreams->dreams();
    const core::Dream& dream = regularised ? d.regularised : d.noise;
    emit drawRequested(dream.image, regularised
                                        ? tr("Dream of %1 (regularised)").arg(d.neuron)
                                        : tr("Dream of %1 without regularisation").arg(d.neuron));
}

void ExplainPanel::requestConfusion() {
    m_confusionStale = false;
    if (!m_network) {
        m_confusion->clear(tr("No model loaded"));
        return;
    }
    const DigitSet::Source source = mistakeSource();
    std::shared_ptr<const DigitSet> known;
    switch (source) {
        case DigitSet::Source::MnistTest:
            if (m_folder.isEmpty()) {
                m_confusion->clear(tr("No test set"));
                m_mistakesStatus->setText(
                    tr("No test set: open an MNIST folder (File → Open dataset)"));
                return;
            }
            known = m_testSetFolder == m_folder ? m_testSet : nullptr;
            break;
        case DigitSet::Source::PenDigits:
            known = m_penDigits;
            break;
        case DigitSet::Source::MyDigits:
            if (m_myDrawings.empty()) {
                m_confusion->clear(tr("No digits of yours yet"));
                m_mistakesStatus->setText(
                    tr("No digits of yours yet: when the model is wrong, press the right digit "
                       "(0–9) or click its bar, and the drawing joins My digits."));
                return;
            }
            known = m_myDigitSet;
            break;
    }
    m_sinceConfusion.start();
    m_mistakesStatus->setText(known ? tr("Classifying…") : tr("Reading and drawing the digits…"));
    // Reading a file and drawing thousands of strokes happen here, on the job, as classifying.
    std::vector<core::Drawing> mine;  // the drawings to draw, when they are not the bundled
    if (!known && source == DigitSet::Source::MyDigits) mine = m_myDrawings;
    if (!known && source == DigitSet::Source::PenDigits) mine = m_penDrawings;
    m_confusionJob.submit([this, network = m_network, source, folder = m_folder, known,
                           mine = std::move(mine), version = m_myDigitsVersion](
                              const std::atomic<bool>&) -> LatestJob::Delivery {
        QString error;
        try {
            std::shared_ptr<const DigitSet> set = known;
            if (!set && source == DigitSet::Source::MnistTest) set = DigitSet::mnistTest(folder);
            if (!set && source == DigitSet::Source::PenDigits && mine.empty())
                set = DigitSet::strokes(source, ReplayData::bundledPenDigits());
            if (!set) set = DigitSet::strokes(source, mine);
            const auto started = std::chrono::steady_clock::now();
            auto report = std::make_shared<const core::ConfusionReport>(set->classify(*network));
            const double ms = std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - started)
                                  .count();
            return [this, set, source, folder, version, report, ms] {
                if (source == DigitSet::Source::MnistTest) {
                    m_testSet = set;
                    m_testSetFolder = folder;
                } else if (source == DigitSet::Source::PenDigits) {
                    m_penDigits = set;
                } else if (version == m_myDigitsVersion) {
                    m_myDigitSet = set;
                }
                if (source != mistakeSource()) return;  // the choice changed meanwhile
                m_report = report;
                m_reportSet = set;
                m_confusion->setReport(report, m_sourceChoice->currentText());
                m_mistakesStatus->setText(mistakesStatus(*set, report->count(), ms));
            };
        } catch (const std::exception& failure) {
            error = QString::fromUtf8(failure.what());
        }
        return [this, error, source] {
            if (source != mistakeSource()) return;
            m_confusion->clear(tr("No digits to classify"));
            m_mistakesStatus->setText(tr("Cannot read the digits: %1").arg(error));
        };
    });
}

QString ExplainPanel::mistakesStatus(const DigitSet& set, std::int64_t count, double ms) const {
    switch (set.source()) {
        case DigitSet::Source::MnistTest:
            return tr("%L1 test digits classified in %2 ms in the background · %3")
                .arg(count)
                .arg(ms, 0, 'f', 0)
                .arg(QDir::toNativeSeparators(m_testSetFolder));
        case DigitSet::Source::PenDigits:
            return tr("%L1 pen digits of the bundled writers, classified in %2 ms. The bundled "
                      "models were trained on these writers' digits: these are not unseen "
                      "digits, so expect fewer mistakes than on new handwriting.")
                .arg(count)
                .arg(ms, 0, 'f', 0);
        case DigitSet::Source::MyDigits:
            return tr("%L1 of your digits (My digits), classified in %2 ms. A model taught "
                      "with them (Teach) has learned from them: for it, they are not unseen.")
                .arg(count)
                .arg(ms, 0, 'f', 0);
    }
    return {};
}

void ExplainPanel::showCell(int actual, int predicted) {
    if (!m_report || !m_reportSet || m_report->count() != m_reportSet->count()) return;
    m_confusion->selectCell(actual, predicted);
    const std::vector<std::int32_t> samples = m_report->samples(actual, predicted);
    std::vector<DigitGallery::Item> items;
    items.reserve(samples.size());
    for (std::int32_t index : samples) {
        items.push_back(
            {index, m_reportSet->image(index),
             QStringLiteral("%1%").arg(
                 100.0 * static_cast<double>(m_report->output(index)[predicted]), 0, 'f', 0)});
    }
    const QString digits =
        samples.size() == 1 ? tr("1 digit") : tr("%L1 digits").arg(samples.size());
    const QString title = actual == predicted
                              ? tr("%1 %2 answered right · confidence in %2 · click one to draw it")
                                    .arg(digits)
                                    .arg(actual)
                              : tr("%1 %2 answered %3 · confidence in %3 · click one to draw it")
                                    .arg(digits)
                                    .arg(actual)
                                    .arg(predicted);
    m_gallerySet = m_reportSet;
    m_digits->setItems(std::move(items), title);
}

void ExplainPanel::mistakeDigitClicked(std::int64_t index) {
    if (!m_gallerySet || index < 0 || index >= m_gallerySet->count()) return;
    // MNIST digits go through the window (its "MNIST digit" button reads them the same way);
    // a stroke digit goes on the canvas as the 28 x 28 input the matrix classified.
    if (m_gallerySet->source() == DigitSet::Source::MnistTest)
        emit testDigitRequested(index);
    else
        emit drawRequested(m_gallerySet->input(index), m_gallerySet->caption(index));
}

}  // namespace digitscope::ui
