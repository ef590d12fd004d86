package pdf_test

import (
	"fmt"
	"strings"
	"time"

	"consult/consultation"
	"consult/synthesis"
)

// esc turns the \u00a0 and \u202f written in raw strings into the characters.
var esc = strings.NewReplacer(`\u00a0`, "\u00a0", `\u202f`, "\u202f").Replace

// sampleReport is a realistic report in lang ("en" or "fr").
func sampleReport(lang consultation.Lang) *synthesis.Report {
	fr := lang == "fr"
	tr := func(en, frs string) string {
		if fr {
			return frs
		}
		return en
	}
	types := []string{
		tr("NGO or charity", "ONG ou organisme de bienfaisance"),
		tr("Academic or research institution", "Établissement universitaire ou de recherche"),
		tr("Professional association", "Association professionnelle"),
		tr("Indigenous organization", "Organisation autochtone"),
		tr("Private sector", "Secteur privé"),
		tr("Labour union", "Syndicat"),
	}
	anon := func(i int) string { return tr("Anonymous ("+types[i]+")", "Anonyme ("+types[i]+")") }
	loc := time.FixedZone("EST", -5*3600)

	phrase := func(en, frs string) synthesis.Phrase {
		return synthesis.Phrase{Text: tr(en, frs), Lang: consultation.Lang(lang)}
	}
	passage := func(md string) synthesis.Passage {
		return synthesis.Passage{Markdown: esc(md), Lang: lang}
	}
	r := &synthesis.Report{
		Lang:          lang,
		SubmissionURL: "https://consult.example.ca/staff/submissions/",
		Title: tr("Consultation on Canada’s implementation of the United Nations Convention against Transnational Organized Crime",
			"Consultation sur la mise en œuvre par le Canada de la Convention des Nations Unies contre la criminalité transnationale organisée"),
		Intro: tr("This questionnaire follows the structure of the UNTOC Review Mechanism, Cluster 1 (criminalization and jurisdiction).",
			"Ce questionnaire suit la structure du Mécanisme d’examen de la CTO, groupe\u00a01 (incrimination et compétence)."),
		Opens:       time.Date(2026, 1, 15, 9, 0, 0, 0, loc),
		Closes:      time.Date(2026, 3, 1, 17, 0, 0, 0, loc),
		GeneratedAt: time.Date(2026, 4, 2, 10, 30, 0, 0, loc),
		Introduction: passage(tr(`Canada is preparing its self-assessment for the **UNTOC Review Mechanism**. This report summarizes what civil society told the Government.

## Why this consultation

The review covers *criminalization* and *jurisdiction*. Participants could:

- answer any of the questions;
- choose to be **named**, *anonymous* or confidential;
- submit in English or French.

See the [Department of Justice](https://www.justice.gc.ca/eng/) and write to <consultation@example.gc.ca>. A [bad link](javascript:alert(1)) is not clickable.

<script>alert("raw html")</script>

> Civil society participation is a core principle of the Mechanism.

1. First stage: desk review.
2. Second stage: country visit.
`,
			`Le Canada prépare son autoévaluation pour le **Mécanisme d’examen de la CTO**. Le présent rapport résume ce que la société civile a dit au gouvernement.

## Pourquoi cette consultation

L’examen porte sur l’*incrimination* et la *compétence*. Les participants pouvaient\u202f:

- répondre à n’importe quelle question\u00a0;
- choisir d’être **nommés**, *anonymes* ou confidentiels\u00a0;
- répondre en français ou en anglais.

Voir le [ministère de la Justice](https://www.justice.gc.ca/fra/) et écrire à <consultation@example.gc.ca>. Un [mauvais lien](javascript:alert(1)) n’est pas cliquable.

<script>alert("raw html")</script>

> La participation de la société civile est un principe «\u202fessentiel\u202f» du Mécanisme.

1. Première étape\u00a0: examen documentaire.
2. Deuxième étape\u00a0: visite de pays.
`)),
		Method: passage(tr(`Analysts read every submission. Themes were coded by two analysts, who reviewed the automatic classifier's suggestions.

Counts include confidential submissions; quotations never come from them.`,
			`Les analystes ont lu chaque contribution. Les thèmes ont été codés par deux analystes, qui ont examiné les suggestions du classificateur automatique.

Les chiffres incluent les contributions confidentielles\u00a0; aucune citation n’en est tirée.`)),
		Zone:   tr("Toronto time", "heure de Toronto"),
		Limits: synthesis.MethodLimits(lang),
		KeyFindings: passage(tr(`Most organizations consider that Canada **criminalizes** what the Convention requires, but that prosecutions remain rare (C1-0007).`,
			`La plupart des organisations estiment que le Canada **incrimine** ce qu’exige la Convention, mais que les poursuites restent rares (C1-0007).`)),
		NextSteps: passage(tr(`The Government will take these views into account in its self-assessment, due in June 2026.`,
			`Le gouvernement tiendra compte de ces points de vue dans son autoévaluation, attendue en juin 2026.`)),
		Submissions: 42,
		Participants: synthesis.Participants{
			ByProvince: []synthesis.Tally{
				{Key: "on", Label: "Ontario", Count: 30},
				{Key: "qc", Label: tr("Quebec", "Québec"), Count: 11},
				{Key: "nu", Label: "Nunavut", Count: 1},
			},
			ByLanguage: []synthesis.Tally{
				{Key: "en", Label: tr("English", "Anglais"), Count: 29},
				{Key: "fr", Label: tr("French", "Français"), Count: 13},
			},
			ByAttribution: []synthesis.Tally{
				{Key: "named", Label: tr("Named", "Avec mention du nom"), Count: 3},
				{Key: "anonymous", Label: tr("Anonymous", "Anonyme"), Count: 22},
				{Key: "confidential", Label: tr("Confidential", "Confidentiel"), Count: 17},
			},
			Named: []synthesis.NamedOrg{
				{Name: tr("Amnesty International Canada", "Amnistie internationale Canada"), Type: types[0], Ref: "C1-0003"},
				{Name: tr("Canadian Bar Association", "Association du Barreau canadien"), Type: types[2], Ref: "C1-0007"},
				{Name: tr("Human Rights Research and Education Centre, University of Ottawa", "Centre de recherche et d’enseignement sur les droits de la personne, Université d’Ottawa"), Type: types[1], Ref: "C1-0011"},
			},
			ByType: []synthesis.TypeCount{
				{Type: types[0], Named: 1, Anonymous: 9, Confidential: 4},
				{Type: types[1], Named: 1, Anonymous: 3, Confidential: 2},
				{Type: types[2], Named: 1, Anonymous: 2, Confidential: 1},
				{Type: types[3], Named: 0, Anonymous: 2, Confidential: 3},
				{Type: types[4], Named: 0, Anonymous: 5, Confidential: 6},
				{Type: types[5], Named: 0, Anonymous: 1, Confidential: 1},
			},
		},
	}

	assess := func(y, p, n, dk int) []synthesis.AssessmentCount {
		total := y + p + n + dk
		return []synthesis.AssessmentCount{
			{Key: "yes", Label: tr("Yes", "Oui"), Count: y, Percent: synthesis.Percent(y, total)},
			{Key: "partly", Label: tr("Partly", "En partie"), Count: p, Percent: synthesis.Percent(p, total)},
			{Key: "no", Label: tr("No", "Non"), Count: n, Percent: synthesis.Percent(n, total)},
			{Key: "dont_know", Label: tr("Don’t know", "Ne sait pas"), Count: dk, Percent: synthesis.Percent(dk, total)},
		}
	}
	question := func(id, text string, a []synthesis.AssessmentCount, resp int) synthesis.QuestionSection {
		return synthesis.QuestionSection{
			ID: id, Text: text, Respondents: resp, Assessments: a,
			Form: tr("Answer: an assessment (yes, partly, no or don’t know) and an explanation", "Réponse\u00a0: une évaluation (oui, en partie, non ou je ne sais pas) et une explication"),
			Summary: passage(tr(`Most respondents consider that the offence is **fully criminalized** in the *Criminal Code*, but several noted gaps:

- the definition of an "organized criminal group" is rarely applied to corporate actors;
- prosecutions remain few.

Details: [Criminal Code, s. 467.1](https://laws-lois.justice.gc.ca/eng/acts/c-46/section-467.1.html).`,
				`La plupart des répondants estiment que l’infraction est **entièrement incriminée** dans le *Code criminel*, mais plusieurs ont relevé des lacunes\u00a0:

- la définition de «\u00a0groupe criminel organisé\u00a0» est rarement appliquée aux personnes morales\u00a0;
- les poursuites restent peu nombreuses.

Détails\u202f: [Code criminel, art. 467.1](https://laws-lois.justice.gc.ca/fra/lois/c-46/article-467.1.html).`)),
			Themes: []synthesis.Theme{
				{Label: phrase("Gaps in enforcement", "Lacunes dans l’application de la loi"), Count: 12, Percent: 39,
					Description: phrase("Laws exist but are rarely applied.", "Les lois existent, mais sont rarement appliquées.")},
				{Label: phrase("Need for data on prosecutions", "Besoin de données sur les poursuites"), Count: 7, Percent: 23},
				// Named in English only: the French report marks it.
				{Label: synthesis.Phrase{Text: "Corporate liability", Lang: consultation.English}, Count: 3, Percent: 10},
			},
			Campaigns: []synthesis.Campaign{
				{Size: 212, Excerpt: tr("We, the undersigned, call on Canada to strengthen its laws against organized crime and to protect victims…", "Nous, soussignés, demandons au Canada de renforcer ses lois contre le crime organisé et de protéger les victimes…")},
			},
			Quotes: []synthesis.Quote{
				{Text: "The Criminal Code provisions are comprehensive, but their application to transnational networks remains limited in practice.", Lang: "en", Ref: "C1-0007", Attribution: tr("Canadian Bar Association", "Association du Barreau canadien")},
				{Text: "Les mesures actuelles sont insuffisantes\u202f; il faut «\u00a0renforcer\u00a0» la coopération internationale et l’entraide judiciaire.", Lang: "fr", Ref: "C1-0012", Attribution: anon(0)},
				{Text: "Victims’ perspectives are largely absent from the current framework.\n\nWe recommend a formal mechanism to hear them.", Lang: "en", Ref: "C1-0015", Attribution: anon(1)},
			},
		}
	}

	untoc := synthesis.InstrumentSection{
		ID:    "untoc",
		Title: tr("United Nations Convention against Transnational Organized Crime", "Convention des Nations Unies contre la criminalité transnationale organisée"),
		Short: tr("UNTOC", "CTO"),
		Articles: []synthesis.ArticleSection{
			{ID: "untoc-5", Number: "5", Title: tr("Criminalization of participation in an organized criminal group", "Incrimination de la participation à un groupe criminel organisé"),
				Summary: tr("Article 5 requires States parties to criminalize agreeing to commit a serious crime and taking part in the activities of an organized criminal group.",
					"L’article\u00a05 exige des États parties qu’ils incriminent l’entente en vue de commettre une infraction grave et la participation aux activités d’un groupe criminel organisé."),
				Questions: []synthesis.QuestionSection{
					question("untoc-5-1", tr("Does Canadian law criminalize participation in an organized criminal group as required by article 5?", "Le droit canadien incrimine-t-il la participation à un groupe criminel organisé comme l’exige l’article\u00a05\u202f?"), assess(14, 9, 3, 4), 31),
					question("untoc-5-2", tr("Are the penalties proportionate and dissuasive?", "Les peines sont-elles proportionnées et dissuasives\u00a0?"), assess(0, 0, 0, 0), 12),
				}},
			{ID: "untoc-6", Number: "6", Title: tr("Criminalization of the laundering of proceeds of crime", "Incrimination du blanchiment du produit du crime"),
				Questions: []synthesis.QuestionSection{
					question("untoc-6-1", tr("How effective are Canada’s anti-money laundering measures?", "Quelle est l’efficacité des mesures canadiennes de lutte contre le blanchiment d’argent\u00a0?"), assess(2, 11, 8, 1), 22),
				}},
		},
	}
	firearms := synthesis.InstrumentSection{
		ID:    "firearms",
		Title: tr("Protocol against the Illicit Manufacturing of and Trafficking in Firearms", "Protocole contre la fabrication et le trafic illicites d’armes à feu"),
		Short: tr("Firearms Protocol", "Protocole relatif aux armes à feu"),
		Note: tr("Canada signed the Firearms Protocol in 2002 but has not ratified it: Canada is not a party. Views are reported for information.",
			"Le Canada a signé le Protocole relatif aux armes à feu en 2002, mais ne l’a pas ratifié\u00a0: le Canada n’y est pas partie. Les points de vue sont présentés à titre d’information."),
		Articles: []synthesis.ArticleSection{
			{ID: "firearms-5", Number: "5", Title: tr("Criminalization", "Incrimination"),
				Questions: []synthesis.QuestionSection{
					question("firearms-5-1", tr("Does Canadian law criminalize the illicit manufacturing of firearms?", "Le droit canadien incrimine-t-il la fabrication illicite d’armes à feu\u00a0?"), assess(5, 2, 0, 6), 13),
				}},
		},
	}
	untoc.Answers, untoc.Respondents = 65, 33
	untoc.Articles[0].Answers, untoc.Articles[0].Respondents = 43, 31
	untoc.Articles[1].Answers, untoc.Articles[1].Respondents = 22, 22
	firearms.Answers, firearms.Respondents = 13, 13
	firearms.Articles[0].Answers, firearms.Articles[0].Respondents = 13, 13
	r.Instruments = []synthesis.InstrumentSection{untoc, firearms}
	setHeadings(r)
	r.Coverage.Types = types
	for _, in := range r.Instruments {
		for _, a := range in.Articles {
			for i, q := range a.Questions {
				row := synthesis.CoverageRow{QuestionID: q.ID, Label: q.Label}
				var counts []int
				for j := range types {
					n := 5 + (i+2*j+len(q.ID))%7
					if j == 3 {
						n = j - i // a small count, or none
					}
					counts = append(counts, n)
					row.Total += n
				}
				row.Cells = synthesis.CrossCells(counts, nil)
				r.Coverage.Rows = append(r.Coverage.Rows, row)
			}
		}
	}
	return r
}

// setHeadings titles r's instruments and articles, and labels its
// questions and the coverage table's rows, as Build does.
func setHeadings(r *synthesis.Report) {
	labels := map[string]string{}
	for i := range r.Instruments {
		in := &r.Instruments[i]
		in.Heading = synthesis.InstrumentHeading(in.Title, in.Short)
		inst := consultation.Instrument{Title: consultation.Text{EN: in.Title, FR: in.Title}, Short: consultation.Text{EN: in.Short, FR: in.Short}}
		for j := range in.Articles {
			a := &in.Articles[j]
			a.Heading = synthesis.ArticleHeading(r.Lang, a.Number, a.Title)
			for k := range a.Questions {
				q := &a.Questions[k]
				q.Label = consultation.QuestionLabel(r.Lang, &inst, &consultation.Article{Number: a.Number}, k+1)
				labels[q.ID] = q.Label
			}
		}
	}
	for i := range r.Coverage.Rows {
		r.Coverage.Rows[i].Label = labels[r.Coverage.Rows[i].QuestionID]
	}
}

// bigReport has 18 articles of 3 questions with 30 quotes each.
func bigReport(lang consultation.Lang) *synthesis.Report {
	r := sampleReport(lang)
	base := r.Instruments[0].Articles[0].Questions[0]
	var arts []synthesis.ArticleSection
	r.Coverage.Rows = nil
	for a := 1; a <= 18; a++ {
		art := synthesis.ArticleSection{ID: fmt.Sprintf("untoc-%d", a), Number: fmt.Sprint(a),
			Title:   fmt.Sprintf("Article title number %d on a subject of the Convention", a),
			Summary: "A short summary of what the article requires of States parties."}
		for q := 1; q <= 3; q++ {
			qs := base
			qs.ID = fmt.Sprintf("untoc-%d-%d", a, q)
			qs.Quotes = nil
			for k := 0; k < 30; k++ {
				qt := base.Quotes[k%len(base.Quotes)]
				qt.Ref = fmt.Sprintf("C1-%04d", k+1)
				qs.Quotes = append(qs.Quotes, qt)
			}
			art.Questions = append(art.Questions, qs)
			row := synthesis.CoverageRow{QuestionID: qs.ID}
			var counts []int
			for j := range r.Coverage.Types {
				counts = append(counts, j+q)
				row.Total += j + q
			}
			row.Cells = synthesis.CrossCells(counts, nil)
			r.Coverage.Rows = append(r.Coverage.Rows, row)
		}
		arts = append(arts, art)
	}
	r.Instruments = r.Instruments[:1]
	r.Instruments[0].Articles = arts
	setHeadings(r)
	return r
}
