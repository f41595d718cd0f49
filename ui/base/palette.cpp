#include "ui/base/palette.h"

namespace ui {

const Palette& palette()
{
    // The values are the ones the UI drew with before it had a palette, so the look is unchanged.
    static const Palette light{
        .ink = QColor(20, 20, 20),
        .paper = QColor(255, 255, 255),
        .foreground = QColor(0, 0, 0),
        .highlight = QColor(220, 30, 30),
        .guide = QColor(230, 120, 0),
        .series = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                   QColor(214, 39, 40), QColor(148, 103, 189), QColor(140, 86, 75),
                   QColor(227, 119, 194), QColor(127, 127, 127)},
        .baselineMethod = QColor(140, 140, 140),
        .baselineModel = QColor(120, 120, 120),
        .reference = QColor(90, 90, 90),
        .errorBar = QColor(40, 40, 40),

        .emulatorMainEffect = QColor(158, 202, 225),
        .emulatorTotalEffect = QColor(49, 130, 189),
        .simulatorMainEffect = QColor(253, 174, 107),
        .simulatorTotalEffect = QColor(230, 85, 13),

        .scaleStops = {QColor(68, 1, 84), QColor(72, 40, 120), QColor(62, 74, 137),
                       QColor(49, 104, 142), QColor(38, 130, 142), QColor(31, 158, 137),
                       QColor(53, 183, 121), QColor(109, 205, 89), QColor(253, 231, 37)},
        .missingValue = QColor(128, 128, 128),
        .emptyField = QColor(160, 160, 164), // Qt::gray
        .contourLine = QColor(255, 255, 255, 140),

        .carSky = QColor(236, 244, 252),
        .carGround = QColor(120, 160, 90),
        .carWall = QColor(90, 70, 50),
        .carGoalFlag = QColor(250, 200, 30),
        .carSimulated = QColor(200, 40, 40),
        .carEmulated = QColor(40, 90, 200),
        .carWheels = QColor(40, 40, 40),
        .carFlame = QColor(250, 160, 20),
        .carAction = QColor(250, 140, 20),

        .laserTrail = QColor(255, 30, 30),
        .laserGlow = QColor(255, 60, 60, 70),
        .laserDot = QColor(255, 20, 20),
        .tutorialFrame = QColor(255, 140, 0),
        .focusRing = QColor(25, 105, 225),
        .tableHighlight = QColor(255, 235, 160),
        .success = QColor(42, 125, 42),
        .failure = QColor(176, 48, 48),
    };
    return light;
}

} // namespace ui
