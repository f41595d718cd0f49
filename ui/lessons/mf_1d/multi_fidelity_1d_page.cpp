#include "ui/lessons/mf_1d/multi_fidelity_1d_page.h"

#include "engine/core/errors.h"
#include "engine/data/csv_reader.h"
#include "engine/functions/multi_fidelity_problem.h"
#include "engine/mf/multi_fidelity_data.h"
#include "ui/base/job_runner.h"
#include "ui/base/palette.h"
#include "ui/charts/band_chart.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/models/value_edit_command.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QIcon>
#include <QPixmap>
#include <QMouseEvent>
#include <QPushButton>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>

namespace ui {

namespace {

constexpr int kGrid = 300;

struct ModelChoice
{
    const char* id;
    const char* name;
    QColor (*colour)(); // looked up when drawn, so that the theme in use applies
};
const ModelChoice kModels[] = {
    {"hf-only", "HF-only GP", [] { return ui::palette().baselineModel; }},
    {"linear", "linear MF", [] { return ui::palette().series[0]; }},
    {"nonlinear", "nonlinear MF", [] { return ui::palette().series[2]; }}};

// The fidelities' colours: the low one orange, the high one red.
const QColor& lowColour()
{
    return ui::palette().series[1];
}
const QColor& highColour()
{
    return ui::palette().series[3];
}

QVector<double> toQVector(const std::vector<double>& v)
{
    return QVector<double>(v.begin(), v.end());
}

emu::Matrix column(const QList<QPointF>& points)
{
    emu::Matrix X(points.size(), 1);
    for (qsizetype i = 0; i < points.size(); ++i)
        X(i, 0) = points[i].x();
    return X;
}

emu::Vector values(const QList<QPointF>& points)
{
    emu::Vector y(points.size());
    for (qsizetype i = 0; i < points.size(); ++i)
        y(i) = points[i].y();
    return y;
}

/// [[x, y], …]: the observed values are kept, so imported data survive a session file.
QJsonArray pointsJson(const QList<QPointF>& points)
{
    QJsonArray array;
    for (const QPointF& p : points)
        array.append(QJsonArray{p.x(), p.y()});
    return array;
}

} // namespace

QStringList MultiFidelity1dPage::tutorialEvents()
{
    return {tutorial_events::kPointsChanged};
}

MultiFidelity1dPage::MultiFidelity1dPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_problem(new QComboBox), m_fidelity(new QComboBox),
      m_showTruth(new QCheckBox(tr("true functions"))), m_chart(new BandChart(tr("High-fidelity emulators"))),
      m_scatter(new BandChart(tr("f_H against f_L"))), m_summary(new QLabel), m_undo(new QUndoStack(this))
{
    m_chart->setObjectName(QStringLiteral("emulatorChart"));
    m_fidelity->setObjectName(QStringLiteral("fidelityChoice"));
    m_summary->setObjectName(QStringLiteral("fitSummary"));
    auto* toolbar = new QToolBar;
    for (const char* id : {"forrester", "nonlinear-sin"}) {
        const emu::MultiFidelityProblem* p = emu::multiFidelityProblems().find(id);
        m_problem->addItem(QString::fromStdString(p->displayName()), QString::fromLatin1(id));
        m_problem->setItemData(m_problem->count() - 1, QString::fromStdString(p->description()), Qt::ToolTipRole);
    }
    toolbar->addWidget(new QLabel(tr(" Problem ")));
    toolbar->addWidget(m_problem);
    toolbar->addWidget(new QLabel(tr("  Click adds ")));
    m_fidelity->addItem(tr("low-fidelity runs (cheap)"), 0);
    m_fidelity->addItem(tr("high-fidelity runs (expensive)"), 1);
    m_fidelity->setToolTip(tr("Which simulator a click runs; hold Shift for the other one. Right-click removes."));
    toolbar->addWidget(m_fidelity);
    auto* reset = new QPushButton(tr("Reset data"));
    reset->setToolTip(tr("Back to the problem's nested design"));
    toolbar->addWidget(reset);
    auto* showBox = new QGroupBox(tr("Show"));
    auto* showLayout = new QVBoxLayout(showBox);
    const char* tips[] = {"A GP fitted to the expensive runs alone",
                          "f_H = ρ f_L + δ (Kennedy and O'Hagan), fitted to both fidelities",
                          "f_H = g(x, f_L(x)) + δ (NARGP): any smooth relation between the fidelities"};
    for (size_t i = 0; i < std::size(kModels); ++i) {
        // The coloured check boxes are the models' legend: seven entries would not fit in one
        // row below the chart.
        auto* box = new QCheckBox(tr(kModels[i].name));
        QPixmap swatch(12, 12);
        swatch.fill(kModels[i].colour());
        box->setIcon(QIcon(swatch));
        m_chart->setListed(tr(kModels[i].name), false);
        box->setChecked(true);
        box->setToolTip(tr(tips[i]));
        showLayout->addWidget(box);
        m_show[kModels[i].id] = box;
        connect(box, &QCheckBox::toggled, this, &MultiFidelity1dPage::drawFits);
    }
    m_showTruth->setChecked(true);
    showLayout->addWidget(m_showTruth);

    m_chart->setAxisTitles(QStringLiteral("x"), QStringLiteral("f(x)"));
    m_chart->setToolTip(tr("Click to run a simulator at x, right-click to remove the nearest run"));
    m_chart->viewport()->installEventFilter(this);
    m_scatter->setAxisTitles(QStringLiteral("f_L(x)"), QStringLiteral("f_H(x)"));
    m_scatter->setXScale({.targetTicks = 5, .margin = 0.03}); // dots on the edge are not cut
    m_scatter->setToolTip(tr("Each x gives a point (f_L(x), f_H(x)). A straight line means f_H = ρ f_L + δ with a "
                             "smooth δ: the linear model's assumption."));
    m_summary->setWordWrap(true);
    auto* side = new QVBoxLayout;
    side->addWidget(showBox);
    side->addWidget(m_scatter, 1);
    side->addWidget(m_summary);
    layOutPage(toolbar, m_chart, side, 300);

    connect(m_problem, &QComboBox::currentIndexChanged, this, &MultiFidelity1dPage::resetData);
    connect(reset, &QPushButton::clicked, this, &MultiFidelity1dPage::resetData);
    connect(m_showTruth, &QCheckBox::toggled, this, &MultiFidelity1dPage::drawData);
    resetData();
}

const emu::MultiFidelityProblem& MultiFidelity1dPage::problem() const
{
    return emu::multiFidelityProblems().at(m_problem->currentData().toString().toStdString());
}

void MultiFidelity1dPage::setProblem(const QString& id)
{
    m_problem->setCurrentIndex(std::max(0, m_problem->findData(id)));
}

void MultiFidelity1dPage::resetData()
{
    const emu::MultiFidelityProblem& p = problem();
    const std::vector<emu::Index> counts = emu::defaultMultiFidelityPoints(p);
    const std::vector<emu::Matrix> designs = emu::nestedDesign(p.space(), counts, 1);
    Data data;
    for (int level = 0; level < 2; ++level) {
        const emu::Vector y = p.evaluate(level, designs[size_t(level)]);
        for (emu::Index i = 0; i < y.size(); ++i)
            (level == 0 ? data.low : data.high).append(QPointF(designs[size_t(level)](i, 0), y(i)));
    }
    m_undo->clear();
    setData(data);
}

void MultiFidelity1dPage::editData(const QString& description, const Data& after)
{
    m_undo->push(new ValueEditCommand<Data>(description, m_data, after, [this](const Data& d) { setData(d); }));
}

void MultiFidelity1dPage::setData(const Data& data)
{
    m_data = data;
    drawData();
    refit();
    reportEvent(tutorial_events::kPointsChanged);
}

void MultiFidelity1dPage::addPoint(int level, double x)
{
    const emu::MultiFidelityProblem& p = problem();
    const double lower = p.space().lowerBounds()(0), upper = p.space().upperBounds()(0);
    if (!std::isfinite(x) || x < lower || x > upper)
        return;
    emu::Matrix X(1, 1);
    X(0, 0) = x;
    Data after = m_data;
    (level == 0 ? after.low : after.high).append(QPointF(x, p.evaluate(level, X)(0)));
    editData(level == 0 ? tr("Run the low fidelity") : tr("Run the high fidelity"), after);
}

void MultiFidelity1dPage::removePointNear(double x)
{
    Data after = m_data;
    QList<QPointF>* nearestList = nullptr;
    qsizetype nearest = -1;
    double distance = INFINITY;
    for (QList<QPointF>* list : {&after.low, &after.high})
        for (qsizetype i = 0; i < list->size(); ++i)
            if (std::abs((*list)[i].x() - x) < distance) {
                distance = std::abs((*list)[i].x() - x);
                nearestList = list;
                nearest = i;
            }
    if (!nearestList)
        return;
    // Every level needs a point for the multi-fidelity models.
    if (nearestList->size() == 1) {
        emit statusMessage(tr("Each fidelity needs at least one run."), 3000);
        return;
    }
    nearestList->removeAt(nearest);
    editData(tr("Remove a run"), after);
}

void MultiFidelity1dPage::refit()
{
    const emu::ParameterSpace space = problem().space();
    const std::vector<emu::Matrix> X = {column(m_data.low), column(m_data.high)};
    const std::vector<emu::Vector> y = {values(m_data.low), values(m_data.high)};
    const std::string problemId = problem().id();
    m_summary->setText(tr("Fitting the three emulators..."));
    jobs()->run(QStringLiteral("mf-1d-fit"), tr("Fitting the multi-fidelity emulators"),
                [space, X, y, problemId](emu::Progress& progress) {
                    const emu::MultiFidelityProblem& p = emu::multiFidelityProblems().at(problemId);
                    Fits fits;
                    const emu::Matrix grid = emu::Vector::LinSpaced(kGrid, space.lowerBounds()(0), space.upperBounds()(0));
                    fits.grid.assign(grid.data(), grid.data() + kGrid);
                    const emu::Vector truth = p.evaluate(1, grid);
                    emu::FitOptions options;
                    options.restarts = 3;
                    options.seed = 1;
                    for (const ModelChoice& m : kModels) {
                        progress.checkCancelled();
                        const emu::MultiFidelityFit fit = emu::fitMultiFidelityModel(m.id, space, X, y, options);
                        const emu::Prediction prediction = fit.predict(1, grid);
                        const emu::Vector sd = prediction.variance.cwiseMax(0.0).cwiseSqrt();
                        fits.bands[m.id] = {std::vector<double>(prediction.mean.data(), prediction.mean.data() + kGrid),
                                            std::vector<double>(sd.data(), sd.data() + kGrid)};
                        fits.relativeError[m.id] = (prediction.mean - truth).norm() / truth.norm();
                        if (fit.rho.size() > 0)
                            fits.rho.assign(fit.rho.data(), fit.rho.data() + fit.rho.size());
                    }
                    return fits;
                },
                [this](Fits fits) {
                    m_fits = std::move(fits);
                    drawFits();
                });
}

void MultiFidelity1dPage::drawData()
{
    const emu::MultiFidelityProblem& p = problem();
    const emu::Vector xs = emu::Vector::LinSpaced(kGrid, p.space().lowerBounds()(0), p.space().upperBounds()(0));
    const emu::Vector fl = p.evaluate(0, xs), fh = p.evaluate(1, xs);
    const QVector<double> grid(xs.data(), xs.data() + kGrid);
    const bool truth = m_showTruth->isChecked();
    m_chart->setLine(tr("f_L"), truth ? grid : QVector<double>(), QVector<double>(fl.data(), fl.data() + kGrid),
                     lowColour(), true);
    m_chart->setLine(tr("f_H"), truth ? grid : QVector<double>(), QVector<double>(fh.data(), fh.data() + kGrid),
                     highColour(), true);
    m_chart->setPoints(tr("low runs"), m_data.low, lowColour(), 8);
    m_chart->setPoints(tr("high runs"), m_data.high, highColour(), 11);

    m_scatter->setLine(tr("all x"), QVector<double>(fl.data(), fl.data() + kGrid),
                       QVector<double>(fh.data(), fh.data() + kGrid), ui::palette().reference);
    // Runs of both fidelities at the same x show the relation the models must learn.
    QList<QPointF> pairs;
    for (const QPointF& h : m_data.high)
        for (const QPointF& l : m_data.low)
            if (std::abs(l.x() - h.x()) < 1e-12)
                pairs.append(QPointF(l.y(), h.y()));
    m_scatter->setPoints(tr("runs of both at one x"), pairs, highColour(), 9);
}

void MultiFidelity1dPage::drawFits()
{
    if (!m_fits)
        return;
    QString summary = tr("<b>Relative error</b> of each emulator of f_H:<br>");
    for (const ModelChoice& m : kModels) {
        const auto& [mean, sd] = m_fits->bands.at(m.id);
        m_chart->setBand(tr(m.name), toQVector(m_fits->grid), toQVector(mean), toQVector(sd),
                         m.colour());
        m_chart->setSeriesVisible(tr(m.name), m_show.at(m.id)->isChecked());
        summary += tr("%1: <b>%2</b><br>").arg(tr(m.name)).arg(m_fits->relativeError.at(m.id), 0, 'f', 3);
    }
    if (!m_fits->rho.empty())
        summary += tr("Linear model's ρ = <b>%1</b>").arg(m_fits->rho.front(), 0, 'f', 3);
    summary += tr("<br>%1 low-fidelity and %2 high-fidelity runs.").arg(m_data.low.size()).arg(m_data.high.size());
    m_summary->setText(summary);
}

bool MultiFidelity1dPage::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_chart->viewport() && event->type() == QEvent::MouseButtonPress) {
        auto* mouse = static_cast<QMouseEvent*>(event);
        const double x = m_chart->toValue(mouse->position().toPoint()).x();
        if (mouse->button() == Qt::RightButton) {
            removePointNear(x);
            return true;
        }
        if (mouse->button() == Qt::LeftButton) {
            const int level = m_fidelity->currentData().toInt();
            addPoint(mouse->modifiers() & Qt::ShiftModifier ? 1 - level : level, x);
            return true;
        }
    }
    return LessonPage::eventFilter(watched, event);
}

QWidget* MultiFidelity1dPage::figure()
{
    return m_chart;
}

QString MultiFidelity1dPage::dataCsv() const
{
    QString csv = QStringLiteral("x,fidelity,y\n");
    for (int level = 0; level < 2; ++level)
        for (const QPointF& p : level == 0 ? m_data.low : m_data.high)
            csv += QStringLiteral("%1,%2,%3\n").arg(p.x(), 0, 'g', 17).arg(level).arg(p.y(), 0, 'g', 17);
    return csv;
}

QString MultiFidelity1dPage::importCsv(const QString& csvText, const QString& sourceName)
{
    const std::string source = sourceName.toStdString();
    Data data;
    try {
        const emu::CsvTable table = emu::parseCsv(csvText.toStdString(), source);
        std::array<emu::Index, 3> column{};
        const std::array<std::string, 3> names{"x", "fidelity", "y"};
        for (std::size_t k = 0; k < names.size(); ++k) {
            const auto it = std::find(table.columns.begin(), table.columns.end(), names[k]);
            if (it == table.columns.end())
                return tr("%1 has no column \"%2\": this lesson reads x, fidelity (0 low, 1 high), y.")
                    .arg(sourceName, QString::fromStdString(names[k]));
            column[k] = emu::Index(it - table.columns.begin());
        }
        const emu::MultiFidelityProblem& p = emu::multiFidelityProblems().at(m_problem->currentData().toString().toStdString());
        for (emu::Index i = 0; i < table.values.rows(); ++i) {
            const double x = table.values(i, column[0]), level = table.values(i, column[1]);
            if (level != 0.0 && level != 1.0)
                return tr("%1, run %2: fidelity %3 is neither 0 (low) nor 1 (high).").arg(sourceName).arg(i + 1).arg(level);
            if (x < p.space().lowerBounds()(0) || x > p.space().upperBounds()(0))
                return tr("%1, run %2: x = %3 is outside the problem's domain.").arg(sourceName).arg(i + 1).arg(x);
            (level == 0.0 ? data.low : data.high).append(QPointF(x, table.values(i, column[2])));
        }
    } catch (const emu::Error& e) {
        return QString::fromUtf8(e.what());
    }
    if (data.low.isEmpty() || data.high.isEmpty())
        return tr("%1 needs runs at both fidelities (0 and 1).").arg(sourceName);
    editData(tr("Import %1").arg(sourceName), data);
    emit statusMessage(tr("Imported %1 low- and %2 high-fidelity runs from %3")
                           .arg(data.low.size())
                           .arg(data.high.size())
                           .arg(sourceName),
                       4000);
    return {};
}

QJsonObject MultiFidelity1dPage::saveState() const
{
    return QJsonObject{{"problem", m_problem->currentData().toString()},
                       {"low", pointsJson(m_data.low)},
                       {"high", pointsJson(m_data.high)}};
}

QString MultiFidelity1dPage::restoreState(const QJsonObject& state)
{
    const int index = m_problem->findData(state.value("problem").toString());
    if (index < 0)
        return tr("unknown problem \"%1\"").arg(state.value("problem").toString());
    const emu::MultiFidelityProblem& p = emu::multiFidelityProblems().at(state.value("problem").toString().toStdString());
    Data data;
    for (int level = 0; level < 2; ++level) {
        const QJsonArray runs = state.value(level == 0 ? "low" : "high").toArray();
        if (runs.isEmpty())
            return tr("each fidelity needs at least one run");
        for (const QJsonValue& run : runs) {
            // [x, y], or a bare x (files before the values were kept): y is then the problem's.
            const double x = run.isArray() ? run.toArray().at(0).toDouble(std::nan("")) : run.toDouble(std::nan(""));
            if (!std::isfinite(x) || x < p.space().lowerBounds()(0) || x > p.space().upperBounds()(0))
                return tr("a run lies outside the problem's domain");
            double y = run.toArray().at(1).toDouble(std::nan(""));
            if (!run.isArray())
                y = p.evaluate(level, emu::Matrix::Constant(1, 1, x))(0);
            if (!std::isfinite(y))
                return tr("a run's value is not a finite number");
            (level == 0 ? data.low : data.high).append(QPointF(x, y));
        }
    }
    {
        const QSignalBlocker block(m_problem);
        m_problem->setCurrentIndex(index);
    }
    m_undo->clear();
    setData(data);
    return {};
}

} // namespace ui
