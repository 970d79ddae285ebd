package data

import (
	"errors"
	"fmt"
	"strings"
)

// Reasons a boundary import or restore is refused that callers branch on;
// the errors returned wrap them, so errors.Is finds them. The messages say
// what is wrong and leave what to do about it to the caller: a command line
// names its flags, the window its buttons.
var (
	// ErrWouldUnlink: the change would leave events without a district.
	// The error is a *ReplaceError; BoundaryOptions.Replace allows it.
	ErrWouldUnlink = errors.New("events would be left without a district")
	// ErrFieldNotFound: a boundary file lacks the attribute field asked
	// for, or has none of the fields a name is looked for in. The error
	// holds a *MissingFieldError; BoundaryOptions.NameField names the
	// field.
	ErrFieldNotFound = errors.New("field not found")
	// ErrNotLonLat: a boundary file is not in WGS 84 longitude/latitude
	// (EPSG:4326) and has to be reprojected before it is imported.
	ErrNotLonLat = errors.New("not in WGS 84 longitude/latitude (EPSG:4326)")
	// ErrNoBoundarySet: a restore names a set the dataset does not hold.
	ErrNoBoundarySet = errors.New("the dataset has no such boundary set")
	// ErrSetActive: a restore names the set that is active already.
	ErrSetActive = errors.New("already the active set")
	// ErrSetNotKept: a restore names a set whose features were not kept.
	ErrSetNotKept = errors.New("its features were not kept")
	// ErrNoDistricts: events are imported into a dataset that has no
	// districts to place them in yet.
	ErrNoDistricts = errors.New("the dataset has no districts yet")
)

// FeatureError says which feature of which file is wrong and why. Feature
// numbers count from 1 in the file's order (a shapefile's record number,
// a GeoJSON feature's position, a GeoPackage row's position); 0 means the
// whole file. Err, when set, is the cause: a *shapefile.FormatError with
// the record, ring and vertex, a sentinel such as ErrNotLonLat, or an
// error of the file system; errors.Is and errors.As reach it.
type FeatureError struct {
	File    string
	Feature int    // 1-based; 0 when the error is about the whole file
	Name    string // the feature's name when known
	Reason  string
	Err     error
}

// Error reads like "districts.shp: feature 6 (Kushk): ring 1 is not closed: …".
func (e *FeatureError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Feature > 0 {
		fmt.Fprintf(&b, ": feature %d", e.Feature)
		if e.Name != "" {
			fmt.Fprintf(&b, " (%s)", e.Name)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns the cause, or nil.
func (e *FeatureError) Unwrap() error { return e.Err }

// MissingFieldError says that a boundary file has no field to take the
// names (or codes) from: the one given is absent, or none of the fields
// looked for is filled in on every feature. It comes as the Err of a
// *FeatureError naming the file, and wraps ErrFieldNotFound.
type MissingFieldError struct {
	// Role is what the field was to hold: "name" or "code".
	Role string
	// Given is the field asked for; "" when the field was looked for.
	Given string
	// Tried are the fields looked for, when Given is "".
	Tried []string
	// Fields are the fields the file has.
	Fields []string
}

// Error reads like "no name field found (tried shapeName, ADM2_EN, …); the
// fields are id, label".
func (e *MissingFieldError) Error() string {
	has := "the fields are " + strings.Join(e.Fields, ", ")
	if len(e.Fields) == 0 {
		has = "the file has no attribute fields"
	}
	if e.Given != "" {
		return fmt.Sprintf("no field %q; %s", e.Given, has)
	}
	return fmt.Sprintf("no %s field found (tried %s); %s", e.Role, strings.Join(e.Tried, ", "), has)
}

// Unwrap returns ErrFieldNotFound.
func (e *MissingFieldError) Unwrap() error { return ErrFieldNotFound }

// ReplaceError refuses a boundary change that would leave events without a
// district. Nothing was written; BoundaryOptions.Replace makes the change
// anyway (no event is deleted: the unlinked ones keep their reported names,
// and restoring the previous set links them again). It wraps
// ErrWouldUnlink.
type ReplaceError struct {
	What string // the file or set that was refused
	// Unlinked of Events would have no district; Districts of the current
	// set have no counterpart in the new one.
	Unlinked, Events, Districts int
	// Previous is the active district set that would be replaced.
	Previous int64
}

func (e *ReplaceError) Error() string {
	return fmt.Sprintf("%s would leave %d of the %d events without a district (%d districts of the current set have no counterpart in it); "+
		"nothing was changed", e.What, e.Unlinked, e.Events, e.Districts)
}

// Unwrap returns ErrWouldUnlink.
func (e *ReplaceError) Unwrap() error { return ErrWouldUnlink }
