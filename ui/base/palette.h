#pragma once
// Every colour the UI draws with, one named role each. palette() is the light theme; a dark and
// a colour-blind-safe theme will be other Palette instances, so a role says what a colour is for
// (ink, highlight, carSimulated), never what it looks like. Inside QWidget members call
// ui::palette(): the unqualified name finds QWidget::palette() first.

#include <QColor>

#include <array>

namespace ui {

struct Palette
{
    // Charts in general.
    /// Data points, and the outlines of the points drawn on heat maps.
    QColor ink;
    /// Marker borders, point fills on heat maps, lines drawn over dark shapes (wheel spokes).
    QColor paper;
    /// Strongest contrast to the background: true functions, the current run, current-step
    /// markers, observed data in band charts, the goal pole and readouts on the car's scene.
    QColor foreground;
    /// The chosen point or the maximum: markers on curves, posterior charts and heat maps.
    QColor highlight;
    /// Construction lines over a posterior, e.g. a tangent.
    QColor guide;
    /// Categorical colours, in order, for series told apart by colour alone (Tableau 10).
    std::array<QColor, 8> series;
    /// The naive method a design comparison measures the others against (random design).
    QColor baselineMethod;
    /// The naive model a multi-fidelity comparison measures the others against (HF-only GP).
    QColor baselineModel;
    /// A neutral reference curve behind the data (f_H against f_L).
    QColor reference;
    /// Error bars drawn over bar charts.
    QColor errorBar;

    // Sensitivity analysis: one hue per source, light for main and dark for total effects.
    /// The emulator's main (first-order) effects.
    QColor emulatorMainEffect;
    /// The emulator's total effects.
    QColor emulatorTotalEffect;
    /// The simulator's main (first-order) effects.
    QColor simulatorMainEffect;
    /// The simulator's total effects.
    QColor simulatorTotalEffect;

    // Heat maps and colour bars.
    /// Stops of the sequential colour scale (viridis), lowest value first, evenly spaced.
    std::array<QColor, 9> scaleStops;
    /// A value that is not a number (NaN, infinite).
    QColor missingValue;
    /// A heat map that has no field yet.
    QColor emptyField;
    /// Contour lines drawn over the colour scale.
    QColor contourLine;

    // The mountain car.
    /// The sky behind the car's scene.
    QColor carSky;
    /// The hill (its outline is a darker shade).
    QColor carGround;
    /// The walls at the ends of the classic track.
    QColor carWall;
    /// The flag at the goal.
    QColor carGoalFlag;
    /// The simulated car: its body on the scene and its traces in charts.
    QColor carSimulated;
    /// The car compared with it (the emulator): the translucent car, dashed and sampled traces.
    QColor carEmulated;
    /// The car's wheels.
    QColor carWheels;
    /// The arrow on the car showing the engine's push.
    QColor carFlame;
    /// The action u over time in the episode charts.
    QColor carAction;

    // Overlays and text.
    /// The presenter's laser pointer: its fading trail (alpha set per age when drawn).
    QColor laserTrail;
    /// The presenter's laser pointer: the soft glow around the newest position.
    QColor laserGlow;
    /// The presenter's laser pointer: the dot at the newest position.
    QColor laserDot;
    /// The frame a tutorial step draws around the widget it talks about.
    QColor tutorialFrame;
    /// The ring around the widget the keyboard focus is on (focus_ring.h).
    QColor focusRing;
    /// The background of a table row to look at (the best run so far).
    QColor tableHighlight;
    /// Rich-text words announcing a success (the car reached the goal).
    QColor success;
    /// Rich-text words announcing a failure (the car did not reach the goal).
    QColor failure;
};

/// The colours to draw with: the light theme.
const Palette& palette();

} // namespace ui
