package consultation

// SetupStep is one thing an admin does before a consultation opens.
type SetupStep string

// The steps of the start-up checklist, in the order they are shown.
const (
	// SetupDates: the consultation's opening and closing dates are set.
	SetupDates SetupStep = "dates"
	// SetupPrivacy: the privacy notice's legal authority and personal
	// information bank (the public texts privacy.authority and
	// privacy.rights) are replaced with the department's own, in both
	// languages; the defaults are placeholders.
	SetupPrivacy SetupStep = "privacy"
	// SetupStaff: at least one enabled analyst and one enabled official
	// have an account.
	SetupStaff SetupStep = "staff"
)

// SetupItem is a step of the start-up checklist and whether it is done.
type SetupItem struct {
	Step SetupStep
	Done bool
}

// SetupChecklist is what an admin still has to do before the
// consultation opens, from its dates, the admins' public texts and the
// staff accounts.
func SetupChecklist(w WindowSettings, texts map[string]Text, users []User) []SetupItem {
	privacy := true
	for _, key := range []string{"privacy.authority", "privacy.rights"} {
		if t := texts[key]; t.EN == "" || t.FR == "" {
			privacy = false
		}
	}
	roles := map[Role]bool{}
	for _, u := range users {
		if !u.Disabled {
			roles[u.Role] = true
		}
	}
	return []SetupItem{
		{SetupDates, w.Opens != "" && w.Closes != ""},
		{SetupPrivacy, privacy},
		{SetupStaff, roles[Analyst] && roles[Official]},
	}
}

// SetupDone reports whether every step of the checklist is done.
func SetupDone(items []SetupItem) bool {
	for _, it := range items {
		if !it.Done {
			return false
		}
	}
	return true
}
