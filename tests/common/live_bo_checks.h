#pragma once
// Shared check of the car pages' live Bayesian optimisation (LiveBoPanel): from a run paused on
// its first proposal after the initial design, three iterations by the Step button and one by
// clicking the acquisition map ("let me choose") must leave exactly those four points in the
// history, in order, with the loop paused on the next proposal and the choice's score said. QtTest macros return from the
// helper on failure; callers check QTest::currentTestFailed() afterwards if they go on.

#include "ui/base/job_runner.h"
#include "ui/charts/heat_map.h"
#include "ui/models/live_controller_bo.h"
#include "ui/panels/controller_bo_replay.h"
#include "ui/panels/live_bo_controls.h"
#include "ui/panels/live_bo_panel.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <vector>

namespace emu::test {

inline void stepThreeTimesAndChooseOnce(ui::LiveBoPanel* panel, ui::JobRunner& jobs)
{
    ui::LiveControllerBo* live = panel->live();
    QVERIFY(live->isPaused());
    QVERIFY(live->latest().has_value());
    const int design = live->latest()->result.settings.initialPoints;
    QCOMPARE(int(live->latest()->result.evaluations.size()), design);

    QPushButton* stepButton = nullptr;
    for (QPushButton* button : panel->findChildren<QPushButton*>())
        if (button->text() == "Step")
            stepButton = button;
    QVERIFY(stepButton && stepButton->isEnabled());
    std::vector<LinearController> proposed;
    for (int i = 0; i < 3; ++i) {
        QVERIFY(live->latest()->proposal.has_value());
        QVERIFY(live->latest()->surface.has_value()); // the next point is shown before it runs
        proposed.push_back(*live->latest()->proposal);
        QTest::mouseClick(stepButton, Qt::LeftButton);
        QVERIFY(jobs.waitForIdle(30000));
        QCOMPARE(int(live->latest()->result.evaluations.size()), design + 1 + i);
        QVERIFY(live->isPaused());
    }

    // Let me choose: click the acquisition map; θ0 is the slice the map shows.
    const double theta0 = live->latest()->surface->theta0;
    ui::HeatMap* map = panel->replay()->acquisitionMap();
    QSignalSpy clicks(map, &ui::HeatMap::clicked);
    QTest::mouseClick(map, Qt::LeftButton, {}, map->toWidget(QPointF(0.3, 5.0)).toPoint());
    QCOMPARE(clicks.size(), 1);
    const QPointF clicked = clicks.at(0).at(0).toPointF();
    QVERIFY(jobs.waitForIdle(30000));

    const DirectBoResult& result = live->latest()->result;
    QCOMPARE(int(result.evaluations.size()), design + 4);
    QCOMPARE(int(result.state.iterations.size()), 4);
    for (int i = 0; i < 3; ++i) {
        const DirectBoEvaluation& e = result.evaluations[size_t(design + i)];
        QCOMPARE(e.controller.thetaP, proposed[size_t(i)].thetaP);
        QCOMPARE(e.controller.thetaV, proposed[size_t(i)].thetaV);
        QCOMPARE(e.controller.theta0, proposed[size_t(i)].theta0);
        QCOMPARE(e.iteration, i);
        QVERIFY(!e.chosen);
    }
    const DirectBoEvaluation& mine = result.evaluations[size_t(design + 3)];
    QVERIFY(mine.chosen);
    QCOMPARE(mine.iteration, 3);
    QCOMPARE(mine.controller.thetaP, clicked.x());
    QCOMPARE(mine.controller.thetaV, clicked.y());
    QCOMPARE(mine.controller.theta0, theta0);
    QVERIFY(std::abs(clicked.x() - 0.3) < 0.05 && std::abs(clicked.y() - 5.0) < 0.5);
    // The loop goes on from the choice: paused on the next proposal, shown in the replay.
    QVERIFY(live->isPaused());
    QVERIFY(live->latest()->proposal.has_value());
    QCOMPARE(int(panel->replay()->result()->evaluations.size()), design + 4);
    // The user's controller's score is said, against the best so far.
    const QString status = panel->controls()->statusText();
    QVERIFY2(status.contains("Your controller") && status.contains(QString::number(mine.reward, 'f', 2)) &&
                 status.contains(QString::number(mine.bestReward, 'f', 2)),
             qPrintable(status));
}

} // namespace emu::test
