//! The fifth held-out set (2026-12-05, session 28): genre wordings written
//! blind. The 1,000 templated requests reuse 52 genre wordings, so a few of
//! them decide their genre F1 (one paraphrase read right or wrong moves it
//! by about 0.02). A helper agent told not to read the repository wrote 10
//! per MovieLens genre: 4 saying the genre plainly or by an everyday synonym
//! (direct) and 6 describing it without naming it (indirect). They replace
//! the genre wording of the same test requests. A wording is dropped where
//! it repeats an evaluation, development or training wording, and an
//! indirect one also where it shares a content word with the shipped
//! reader's training wordings of its genre (those taught it that cue);
//! the report lists what was dropped and why. Nothing is chosen on this set:
//! it measures the shipped reader as it is.

use anyhow::Result;
use dualrec::engine::Engine;
use dualrec::pipeline::request::{is_stop, words, QueryWeights, UnreadPhrases};

use super::{evaluate, measure, paired_difference, percentile, Compared, Query, Row, DEV_WORDINGS, GENRE_WORDS, READER_DEV_WORDINGS};
use crate::models::lora::requests::{NO_GENRE, TRAIN_WORDINGS};
use crate::protocol;
use crate::rng::SplitMix;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    /// The genre's name or an everyday synonym ("some comedies").
    Direct,
    /// The genre described without naming it ("something full of gags and pratfalls").
    Indirect,
}
use Kind::{Direct as D, Indirect as I};

/// As the helper wrote them (genre, kind, wording), before any reader read them.
pub(crate) const BLIND_GENRE_WORDINGS: &[(&str, Kind, &str)] = &[
    // Action
    ("Action", D, "an action movie"),
    ("Action", D, "some action flicks"),
    ("Action", D, "a good old action film"),
    ("Action", D, "a high-octane action picture"),
    ("Action", I, "something with lots of explosions"),
    ("Action", I, "a movie full of car chases and stunts"),
    ("Action", I, "a one-man-army flick"),
    ("Action", I, "something with a muscle-bound hero taking out bad guys"),
    ("Action", I, "a kung fu fight-fest"),
    ("Action", I, "a big dumb popcorn blockbuster full of fistfights"),
    // Adventure
    ("Adventure", D, "an adventure movie"),
    ("Adventure", D, "some adventure films"),
    ("Adventure", D, "a classic adventure flick"),
    ("Adventure", D, "a swashbuckling adventure"),
    ("Adventure", I, "something about a treasure hunt in the jungle"),
    ("Adventure", I, "a quest to find a lost city"),
    ("Adventure", I, "something with explorers trekking across uncharted lands"),
    ("Adventure", I, "a globe-trotting expedition story"),
    ("Adventure", I, "something with pirates on the high seas"),
    ("Adventure", I, "a perilous journey across mountains and deserts"),
    // Animation
    ("Animation", D, "an animated movie"),
    ("Animation", D, "some animated films"),
    ("Animation", D, "a cartoon"),
    ("Animation", D, "a classic animated feature"),
    ("Animation", I, "something hand-drawn"),
    ("Animation", I, "something done in stop-motion"),
    ("Animation", I, "a fully computer-generated feature"),
    ("Animation", I, "something with drawn characters instead of real actors"),
    ("Animation", I, "a Pixar-style picture"),
    ("Animation", I, "something in the Studio Ghibli style"),
    // Children's
    ("Children's", D, "a children's movie"),
    ("Children's", D, "some kids' films"),
    ("Children's", D, "something for the kids"),
    ("Children's", D, "a good children's picture"),
    ("Children's", I, "something my six-year-old can watch"),
    ("Children's", I, "something safe for the little ones"),
    ("Children's", I, "something rated G"),
    ("Children's", I, "something to keep a bunch of eight-year-olds happy at a sleepover"),
    ("Children's", I, "something a preschooler would love"),
    ("Children's", I, "something for a grade-schooler's birthday party"),
    // Comedy
    ("Comedy", D, "a comedy"),
    ("Comedy", D, "some comedies"),
    ("Comedy", D, "something funny"),
    ("Comedy", D, "a classic comedy flick"),
    ("Comedy", I, "something that'll make me laugh out loud"),
    ("Comedy", I, "something full of gags and pratfalls"),
    ("Comedy", I, "a real knee-slapper"),
    ("Comedy", I, "something to crack me up"),
    ("Comedy", I, "something packed with witty one-liners"),
    ("Comedy", I, "something light that'll have me in stitches"),
    // Crime
    ("Crime", D, "a crime movie"),
    ("Crime", D, "some crime films"),
    ("Crime", D, "a gritty crime flick"),
    ("Crime", D, "a classic crime picture"),
    ("Crime", I, "something about the mafia"),
    ("Crime", I, "a bank heist story"),
    ("Crime", I, "something about drug lords and dirty cops"),
    ("Crime", I, "something about con artists pulling a big swindle"),
    ("Crime", I, "something about bootleggers and racketeers"),
    ("Crime", I, "something about a gang of car thieves"),
    // Documentary
    ("Documentary", D, "a documentary"),
    ("Documentary", D, "some documentaries"),
    ("Documentary", D, "a doc"),
    ("Documentary", D, "an eye-opening documentary"),
    ("Documentary", I, "something real with archival footage and interviews"),
    ("Documentary", I, "something non-fiction"),
    ("Documentary", I, "something narrated about animals in the wild"),
    ("Documentary", I, "an investigative exposé"),
    ("Documentary", I, "a fly-on-the-wall look at real people"),
    ("Documentary", I, "something educational told by actual historians"),
    // Drama
    ("Drama", D, "a drama"),
    ("Drama", D, "some good dramas"),
    ("Drama", D, "a serious dramatic picture"),
    ("Drama", D, "a classic drama flick"),
    ("Drama", I, "an emotional character study"),
    ("Drama", I, "something about a family falling apart"),
    ("Drama", I, "something heavy and thought-provoking"),
    ("Drama", I, "something about someone battling addiction"),
    ("Drama", I, "a slow, moving story about ordinary lives"),
    ("Drama", I, "a prestige awards-season picture"),
    // Fantasy
    ("Fantasy", D, "a fantasy movie"),
    ("Fantasy", D, "some fantasy films"),
    ("Fantasy", D, "a fantasy flick"),
    ("Fantasy", D, "a high fantasy epic"),
    ("Fantasy", I, "something with wizards and dragons"),
    ("Fantasy", I, "a sword-and-sorcery romp"),
    ("Fantasy", I, "something set in an enchanted kingdom"),
    ("Fantasy", I, "something with elves, trolls and goblins"),
    ("Fantasy", I, "something with fairies and unicorns"),
    ("Fantasy", I, "something about a chosen one facing a dark lord"),
    // Film-Noir
    ("Film-Noir", D, "a film noir"),
    ("Film-Noir", D, "some noir films"),
    ("Film-Noir", D, "a classic noir picture"),
    ("Film-Noir", D, "a moody noir"),
    ("Film-Noir", I, "something with a femme fatale"),
    ("Film-Noir", I, "something with fedoras, venetian blinds and cigarette smoke"),
    ("Film-Noir", I, "something with rain-slicked streets and low-key lighting"),
    ("Film-Noir", I, "something with hard-boiled voice-over narration"),
    ("Film-Noir", I, "a cynical tale of a doomed sap and a double-cross"),
    ("Film-Noir", I, "a smoky black-and-white story of murder and betrayal"),
    // Horror
    ("Horror", D, "a horror movie"),
    ("Horror", D, "some horror films"),
    ("Horror", D, "something scary"),
    ("Horror", D, "a classic horror flick"),
    ("Horror", I, "something that'll give me nightmares"),
    ("Horror", I, "something with zombies"),
    ("Horror", I, "a slasher with a masked killer"),
    ("Horror", I, "something about a haunted house"),
    ("Horror", I, "a blood-and-guts gorefest"),
    ("Horror", I, "something about demonic possession"),
    // Musical
    ("Musical", D, "a musical"),
    ("Musical", D, "some musicals"),
    ("Musical", D, "a classic movie musical"),
    ("Musical", D, "a big splashy musical"),
    ("Musical", I, "something where the characters burst into song"),
    ("Musical", I, "something with big song-and-dance numbers"),
    ("Musical", I, "something with tap dancing and catchy tunes"),
    ("Musical", I, "a toe-tapping sing-along"),
    ("Musical", I, "something adapted from a hit Broadway production"),
    ("Musical", I, "something with showstoppers and chorus lines"),
    // Mystery
    ("Mystery", D, "a mystery"),
    ("Mystery", D, "some mystery films"),
    ("Mystery", D, "a good old whodunit"),
    ("Mystery", D, "a classic mystery flick"),
    ("Mystery", I, "something where you can't guess the killer until the very end"),
    ("Mystery", I, "something with an elderly amateur sleuth in a quiet village"),
    ("Mystery", I, "something set in a country manor where every guest is a suspect"),
    ("Mystery", I, "a locked-room puzzle"),
    ("Mystery", I, "something full of clues and red herrings"),
    ("Mystery", I, "something ending with the big reveal in the drawing room"),
    // Romance
    ("Romance", D, "a romance"),
    ("Romance", D, "some romantic films"),
    ("Romance", D, "a love story"),
    ("Romance", D, "a sweeping romance"),
    ("Romance", I, "something about two people falling head over heels"),
    ("Romance", I, "something swoon-worthy for date night"),
    ("Romance", I, "something about star-crossed lovers"),
    ("Romance", I, "something about a passionate affair"),
    ("Romance", I, "something with a big kiss in the rain"),
    ("Romance", I, "something about soulmates finding each other"),
    // Sci-Fi
    ("Sci-Fi", D, "a sci-fi movie"),
    ("Sci-Fi", D, "some science fiction films"),
    ("Sci-Fi", D, "a classic sci-fi flick"),
    ("Sci-Fi", D, "some good science fiction"),
    ("Sci-Fi", I, "something set aboard a spaceship"),
    ("Sci-Fi", I, "something with aliens invading Earth"),
    ("Sci-Fi", I, "something about time travel"),
    ("Sci-Fi", I, "something with robots and androids"),
    ("Sci-Fi", I, "something set in a dystopian future"),
    ("Sci-Fi", I, "something about cloning and genetic engineering"),
    // Thriller
    ("Thriller", D, "a thriller"),
    ("Thriller", D, "some thrillers"),
    ("Thriller", D, "a taut psychological thriller"),
    ("Thriller", D, "a classic suspense film"),
    ("Thriller", I, "something that'll keep me on the edge of my seat"),
    ("Thriller", I, "a nail-biter with a ticking clock"),
    ("Thriller", I, "something about a woman stalked by an obsessive ex"),
    ("Thriller", I, "something about a conspiracy where nobody can be trusted"),
    ("Thriller", I, "a cat-and-mouse pursuit"),
    ("Thriller", I, "an espionage story full of paranoia"),
    // War
    ("War", D, "a war movie"),
    ("War", D, "some war films"),
    ("War", D, "a classic war picture"),
    ("War", D, "a gritty war flick"),
    ("War", I, "something about soldiers in the trenches"),
    ("War", I, "something about the D-Day landings"),
    ("War", I, "something about a platoon in the jungles of Vietnam"),
    ("War", I, "something about fighter pilots in the Battle of Britain"),
    ("War", I, "something about a submarine crew dodging depth charges"),
    ("War", I, "something about an escape from a prison camp behind enemy lines"),
    // Western
    ("Western", D, "a western"),
    ("Western", D, "some westerns"),
    ("Western", D, "a classic western"),
    ("Western", D, "a spaghetti western"),
    ("Western", I, "something with cowboys and gunslingers"),
    ("Western", I, "something with a showdown on a dusty main street"),
    ("Western", I, "something about a sheriff cleaning up a frontier town"),
    ("Western", I, "something about a cattle drive across the plains"),
    ("Western", I, "something with outlaws robbing a stagecoach"),
    ("Western", I, "something with saloon brawls and six-shooters"),
];

/// The sixth held-out set: written on 2026-12-05 (session 28) by another
/// helper agent told not to read the repository or the fifth set (3 direct,
/// 7 indirect per genre), after the soft-genre candidate was pre-registered
/// (docs/eval/soft-llm-genres/README.md), to confirm it. The same rule
/// drops wordings, and also those repeating a fifth-set wording.
pub(crate) const BLIND_GENRE_WORDINGS_6: &[(&str, Kind, &str)] = &[
    // Action
    ("Action", D, "an action movie"),
    ("Action", D, "a shoot-em-up"),
    ("Action", D, "some kung fu fighting"),
    ("Action", I, "something with lots of explosions and car chases"),
    ("Action", I, "a film where one tough guy takes on an army of henchmen"),
    ("Action", I, "something packed with gunfights and punch-ups"),
    ("Action", I, "a movie full of daredevil stunts"),
    ("Action", I, "a movie with a muscle-bound hero blasting away at the bad guys"),
    ("Action", I, "a wall-to-wall slugfest with hardly any talking"),
    ("Action", I, "a mindless popcorn film full of brawls and fireballs"),
    // Adventure
    ("Adventure", D, "an adventure movie"),
    ("Adventure", D, "something adventurous"),
    ("Adventure", D, "a swashbuckler"),
    ("Adventure", I, "a treasure hunt through jungles and lost temples"),
    ("Adventure", I, "something about explorers trekking into uncharted lands"),
    ("Adventure", I, "a pirate film about sailing the high seas"),
    ("Adventure", I, "a globe-trotting escapade to exotic places"),
    ("Adventure", I, "a daring expedition to find a lost city"),
    ("Adventure", I, "a voyage to a far-off island full of dangers"),
    ("Adventure", I, "a rollicking journey across mountains and deserts"),
    // Animation
    ("Animation", D, "an animated movie"),
    ("Animation", D, "a cartoon"),
    ("Animation", D, "some anime"),
    ("Animation", I, "a hand-drawn feature"),
    ("Animation", I, "something done in stop-motion with clay puppets"),
    ("Animation", I, "a film made entirely on computers with no live actors"),
    ("Animation", I, "a Japanese film in that big-eyed illustrated style"),
    ("Animation", I, "something brought to life frame by frame by artists"),
    ("Animation", I, "a movie where every character is voiced rather than filmed"),
    ("Animation", I, "something where pencil sketches come to life"),
    // Children's
    ("Children's", D, "a kids' movie"),
    ("Children's", D, "a children's film"),
    ("Children's", D, "something for the kids"),
    ("Children's", I, "something my six-year-old can watch"),
    ("Children's", I, "something gentle enough for a toddler"),
    ("Children's", I, "a movie for a slumber party of second graders"),
    ("Children's", I, "something rated G"),
    ("Children's", I, "a film to keep a den of Cub Scouts entertained"),
    ("Children's", I, "a bedtime-story kind of film for a preschooler"),
    ("Children's", I, "something my grandson in kindergarten would enjoy"),
    // Comedy
    ("Comedy", D, "a comedy"),
    ("Comedy", D, "something funny"),
    ("Comedy", D, "a good laugh-out-loud flick"),
    ("Comedy", I, "something that'll have me in stitches"),
    ("Comedy", I, "a film to crack me up"),
    ("Comedy", I, "something silly with lots of pratfalls and gags"),
    ("Comedy", I, "a movie that'll have me rolling on the floor"),
    ("Comedy", I, "something goofy to cheer me up after a bad day"),
    ("Comedy", I, "a film full of wisecracks and one-liners"),
    ("Comedy", I, "a movie that'll have the whole room giggling"),
    // Crime
    ("Crime", D, "a crime movie"),
    ("Crime", D, "a gangster picture"),
    ("Crime", D, "a mob film"),
    ("Crime", I, "a heist flick about a crew knocking over a casino"),
    ("Crime", I, "something about a mafia family and their rackets"),
    ("Crime", I, "a film about drug kingpins and the narcotics cops on their tail"),
    ("Crime", I, "something about a bank job gone wrong"),
    ("Crime", I, "a story of a hitman and the syndicate he works for"),
    ("Crime", I, "a film following con artists pulling off a big swindle"),
    ("Crime", I, "something about a street gang clawing its way up the underworld"),
    // Documentary
    ("Documentary", D, "a documentary"),
    ("Documentary", D, "a doc"),
    ("Documentary", D, "a nonfiction film"),
    ("Documentary", I, "something with talking-head interviews and archive footage"),
    ("Documentary", I, "a narrated film following wildlife on the savanna"),
    ("Documentary", I, "something factual about how the pyramids were built"),
    ("Documentary", I, "an investigative exposé on a corporate scandal"),
    ("Documentary", I, "a fly-on-the-wall look at a band on tour"),
    ("Documentary", I, "something educational about the deep ocean"),
    ("Documentary", I, "an unscripted film about actual people, no actors"),
    // Drama
    ("Drama", D, "a drama"),
    ("Drama", D, "something serious"),
    ("Drama", D, "a heavy dramatic film"),
    ("Drama", I, "something about a family falling apart"),
    ("Drama", I, "a tearjerker about a father with a terminal illness"),
    ("Drama", I, "a slow, thoughtful character study"),
    ("Drama", I, "something about a man battling addiction"),
    ("Drama", I, "something about grief and learning to move on"),
    ("Drama", I, "a coming-of-age story about a troubled teenager"),
    ("Drama", I, "an awards-season kind of film with powerhouse performances"),
    // Fantasy
    ("Fantasy", D, "a fantasy film"),
    ("Fantasy", D, "something fantastical"),
    ("Fantasy", D, "a sword and sorcery movie"),
    ("Fantasy", I, "something with wizards and dragons"),
    ("Fantasy", I, "a film about elves and dwarves on a long journey"),
    ("Fantasy", I, "something set in a fairy-tale kingdom"),
    ("Fantasy", I, "a movie about a boy who learns to cast spells"),
    ("Fantasy", I, "a tale with trolls and unicorns"),
    ("Fantasy", I, "something about a mythical realm ruled by a cursed king"),
    ("Fantasy", I, "a film where someone steps through a portal into a land of goblins"),
    // Film-Noir
    ("Film-Noir", D, "a film noir"),
    ("Film-Noir", D, "a noir"),
    ("Film-Noir", D, "something noirish"),
    ("Film-Noir", I, "a black-and-white picture with a deadly femme fatale"),
    ("Film-Noir", I, "something with a hard-boiled gumshoe in a trench coat"),
    ("Film-Noir", I, "a monochrome potboiler lit by venetian-blind shadows"),
    ("Film-Noir", I, "a moody vintage picture where a dame double-crosses everybody"),
    ("Film-Noir", I, "something with fedoras, cigarette smoke and rain-slicked streets"),
    ("Film-Noir", I, "an old-time tale of a sucker lured into murder by a scheming wife"),
    ("Film-Noir", I, "a cynical golden-age Hollywood picture with tough-guy voiceover"),
    // Horror
    ("Horror", D, "a horror movie"),
    ("Horror", D, "something scary"),
    ("Horror", D, "a spooky fright flick"),
    ("Horror", I, "something that'll give me nightmares for a week"),
    ("Horror", I, "a film about a haunted house full of restless spirits"),
    ("Horror", I, "something with a masked maniac stalking teenagers at a summer camp"),
    ("Horror", I, "a movie crawling with zombies and gore"),
    ("Horror", I, "something about a demon possessing a little girl"),
    ("Horror", I, "a film that'll have me hiding behind the couch"),
    ("Horror", I, "something with vampires preying on a sleepy village"),
    // Musical
    ("Musical", D, "a musical"),
    ("Musical", D, "a song-and-dance picture"),
    ("Musical", D, "a big Broadway-style production"),
    ("Musical", I, "something where the characters burst into tune in the middle of the street"),
    ("Musical", I, "a film with tap routines and high-kicking chorus lines"),
    ("Musical", I, "a movie where the cast belts out their feelings"),
    ("Musical", I, "something with lavish choreography and a big finale"),
    ("Musical", I, "a film packed with show-stoppers you'll hum for days"),
    ("Musical", I, "a stage hit adapted for the screen, full of ballads"),
    ("Musical", I, "a film where the plot moves forward through rousing ensemble numbers"),
    // Mystery
    ("Mystery", D, "a mystery"),
    ("Mystery", D, "a whodunit"),
    ("Mystery", D, "something mysterious"),
    ("Mystery", I, "something where I can't guess the culprit until the final reveal"),
    ("Mystery", I, "a film where an amateur sleuth gathers everyone in the drawing room"),
    ("Mystery", I, "something full of clues and red herrings"),
    ("Mystery", I, "a brain-teaser about a locked-room killing"),
    ("Mystery", I, "a country-manor murder with a houseful of suspects"),
    ("Mystery", I, "a film about an unexplained disappearance pieced together bit by bit"),
    ("Mystery", I, "something with a cryptic riddle that unravels one secret at a time"),
    // Romance
    ("Romance", D, "a romance"),
    ("Romance", D, "a love story"),
    ("Romance", D, "a romantic film"),
    ("Romance", I, "something about two strangers falling for each other"),
    ("Romance", I, "a swoony film for date night"),
    ("Romance", I, "a tale of star-crossed sweethearts"),
    ("Romance", I, "something that builds up to a passionate first kiss"),
    ("Romance", I, "a will-they-won't-they story about a couple"),
    ("Romance", I, "something that'll make me believe in soulmates"),
    ("Romance", I, "a film about a summer fling that turns into something more"),
    // Sci-Fi
    ("Sci-Fi", D, "a sci-fi movie"),
    ("Sci-Fi", D, "some science fiction"),
    ("Sci-Fi", D, "a space saga"),
    ("Sci-Fi", I, "something with aliens invading the planet"),
    ("Sci-Fi", I, "a film about robots turning against their makers"),
    ("Sci-Fi", I, "something set aboard a starship crossing the galaxy"),
    ("Sci-Fi", I, "a mind-bending tale of time travel and paradoxes"),
    ("Sci-Fi", I, "a film set in a high-tech tomorrow with flying cars and laser guns"),
    ("Sci-Fi", I, "something about astronauts stranded on Mars"),
    ("Sci-Fi", I, "a film about clones grown in a lab"),
    // Thriller
    ("Thriller", D, "a thriller"),
    ("Thriller", D, "something suspenseful"),
    ("Thriller", D, "a nail-biter"),
    ("Thriller", I, "something that keeps me on the edge of my seat"),
    ("Thriller", I, "a tense cat-and-mouse game between a stalker and his target"),
    ("Thriller", I, "a film about a wife who starts to suspect her husband wants her dead"),
    ("Thriller", I, "a race against the clock to stop an assassination"),
    ("Thriller", I, "something about a whistleblower uncovering a government conspiracy"),
    ("Thriller", I, "a heart-pounding film full of twists"),
    ("Thriller", I, "something about a man on the run after being framed"),
    // War
    ("War", D, "a war movie"),
    ("War", D, "a combat film"),
    ("War", D, "a military picture"),
    ("War", I, "something about soldiers storming the beaches"),
    ("War", I, "a film about a platoon slogging through the jungles of Vietnam"),
    ("War", I, "something set in the trenches with troops going over the top"),
    ("War", I, "a film about bomber crews flying missions over Germany"),
    ("War", I, "a tale of a submarine crew under depth-charge attack"),
    ("War", I, "something about prisoners tunneling out of an enemy camp"),
    ("War", I, "an epic about generals and the battle that turned the tide"),
    // Western
    ("Western", D, "a western"),
    ("Western", D, "a cowboy movie"),
    ("Western", D, "a spaghetti western"),
    ("Western", I, "something with a showdown at high noon on a dusty main street"),
    ("Western", I, "a film about ranchers driving cattle across the plains"),
    ("Western", I, "something full of gunslingers and saloon brawls"),
    ("Western", I, "a tale of a sheriff taming a lawless frontier town"),
    ("Western", I, "something about pioneers in covered wagons heading across the prairie"),
    ("Western", I, "a film about outlaws holding up a stagecoach"),
    ("Western", I, "something with bounty hunters on horseback chasing a wanted man"),
];

/// The report's description of the sixth set.
pub(crate) const BLIND_6_WHAT: &str = "written on 2026-12-05 (session 28) by a second helper agent told not to read the repository or the fifth set, after the soft-genre candidate was pre-registered: 10 genre wordings per MovieLens genre (3 direct, 7 indirect), dropped by the fifth set's rule and where they repeat a fifth-set wording; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); nothing is chosen on it; it decides the soft-genre candidate (docs/eval/soft-llm-genres/README.md)";

/// The seventh held-out set, as the helper wrote them (genre, kind, wording): see [`BLIND_7_WHAT`].
pub(crate) const BLIND_GENRE_WORDINGS_7: &[(&str, Kind, &str)] = &[
    ("Action", D, "an action movie"),
    ("Action", D, "something action-packed"),
    ("Action", D, "an action flick with lots of stunts"),
    ("Action", D, "a good old action picture"),
    ("Action", I, "a film with nonstop fistfights and car chases"),
    ("Action", I, "something with a lone hero blowing up the bad guys"),
    ("Action", I, "a movie full of stunts and shootouts"),
    ("Action", I, "a muscle-bound hero taking on an army of henchmen"),
    ("Action", I, "something loud with lots of gunfights and explosions"),
    ("Action", I, "a film where an ex-commando goes on a rampage"),
    ("Action", I, "a movie with martial arts brawls and big fight scenes"),
    ("Action", I, "something with high-speed pursuits and huge set pieces"),
    ("Adventure", D, "an adventure movie"),
    ("Adventure", D, "something adventurous"),
    ("Adventure", D, "a swashbuckling adventure"),
    ("Adventure", D, "an adventure film with a big quest"),
    ("Adventure", I, "a treasure hunt through the jungle"),
    ("Adventure", I, "a film about explorers searching for a lost city"),
    ("Adventure", I, "something about a perilous expedition to uncharted lands"),
    ("Adventure", I, "a voyage across the high seas with pirates"),
    ("Adventure", I, "a movie where a group sets off on a daring journey"),
    ("Adventure", I, "something with ancient ruins and booby-trapped temples"),
    ("Adventure", I, "a globe-trotting escapade"),
    ("Adventure", I, "a story of castaways surviving on a remote island"),
    ("Animation", D, "an animated movie"),
    ("Animation", D, "a cartoon"),
    ("Animation", D, "something animated"),
    ("Animation", D, "a full-length animated feature"),
    ("Animation", I, "something hand-drawn"),
    ("Animation", I, "a film made with stop-motion puppets"),
    ("Animation", I, "a movie with claymation figures"),
    ("Animation", I, "something with voice actors instead of real actors on screen"),
    ("Animation", I, "a cgi film with no live actors"),
    ("Animation", I, "a film where everything is drawn rather than filmed"),
    ("Animation", I, "a movie done in colorful computer graphics"),
    ("Animation", I, "something with drawings brought to life frame by frame"),
    ("Children's", D, "a kids movie"),
    ("Children's", D, "something for children"),
    ("Children's", D, "a children's film"),
    ("Children's", D, "a kid-friendly flick"),
    ("Children's", I, "something my six-year-old can watch"),
    ("Children's", I, "a movie to keep the little ones entertained"),
    ("Children's", I, "a film suitable for toddlers"),
    ("Children's", I, "something gentle for a young audience at bedtime"),
    ("Children's", I, "something rated g for a school-age crowd"),
    ("Children's", I, "a film for a sleepover with a bunch of eight-year-olds"),
    ("Children's", I, "a story aimed at grade-schoolers"),
    ("Children's", I, "something with simple lessons about sharing for the little ones"),
    ("Comedy", D, "a comedy"),
    ("Comedy", D, "something funny"),
    ("Comedy", D, "a slapstick comedy"),
    ("Comedy", D, "a hilarious film"),
    ("Comedy", I, "something that'll have me in stitches"),
    ("Comedy", I, "a film full of gags and one-liners"),
    ("Comedy", I, "a movie with a lot of silly pratfalls"),
    ("Comedy", I, "something lighthearted with witty banter"),
    ("Comedy", I, "a goofy film about two bumbling roommates"),
    ("Comedy", I, "a movie to cheer me up with jokes"),
    ("Comedy", I, "a raunchy film about a wild bachelor party"),
    ("Comedy", I, "a spoof that pokes fun at everything"),
    ("Crime", D, "a crime movie"),
    ("Crime", D, "a gangster film"),
    ("Crime", D, "a mob flick"),
    ("Crime", D, "something about criminals"),
    ("Crime", I, "a film about a bank heist crew"),
    ("Crime", I, "something about drug cartels and dirty cops"),
    ("Crime", I, "a film about a con artist pulling off a big scam"),
    ("Crime", I, "something about a drug kingpin's empire"),
    ("Crime", I, "a story of hitmen and loan sharks"),
    ("Crime", I, "a movie about bootleggers during prohibition"),
    ("Crime", I, "a movie about a family running rackets in new york"),
    ("Crime", I, "a film following street thugs in a gritty neighborhood"),
    ("Documentary", D, "a documentary"),
    ("Documentary", D, "a good doc"),
    ("Documentary", D, "some kind of documentary film"),
    ("Documentary", D, "a nonfiction film"),
    ("Documentary", I, "something real with interviews and archival footage"),
    ("Documentary", I, "a film with no actors, just real footage"),
    ("Documentary", I, "something narrated about wildlife in the arctic"),
    ("Documentary", I, "a film that investigates a real-life scandal"),
    ("Documentary", I, "a behind-the-scenes look at a real band on tour"),
    ("Documentary", I, "a film following real farmers over a year"),
    ("Documentary", I, "an investigative exposé on the food industry"),
    ("Documentary", I, "something educational about the history of space travel"),
    ("Drama", D, "a drama"),
    ("Drama", D, "something dramatic"),
    ("Drama", D, "a serious drama"),
    ("Drama", D, "a heavy dramatic film"),
    ("Drama", I, "something serious and emotional"),
    ("Drama", I, "a film about a family falling apart"),
    ("Drama", I, "a character study of a man grieving his wife"),
    ("Drama", I, "a moving story about ordinary people's struggles"),
    ("Drama", I, "an intense courtroom film about a moral dilemma"),
    ("Drama", I, "a slow, thoughtful film about addiction and recovery"),
    ("Drama", I, "something with powerful performances and heavy themes"),
    ("Drama", I, "a film about a teacher changing her students' lives"),
    ("Fantasy", D, "a fantasy movie"),
    ("Fantasy", D, "something fantastical"),
    ("Fantasy", D, "a fantasy epic"),
    ("Fantasy", D, "a sword and sorcery film"),
    ("Fantasy", I, "a film with dragons and enchanted swords"),
    ("Fantasy", I, "a quest through a realm of elves and dwarves"),
    ("Fantasy", I, "something with sorcerers casting spells"),
    ("Fantasy", I, "a story about a kingdom under a witch's curse"),
    ("Fantasy", I, "a film with fairies, trolls and mythical creatures"),
    ("Fantasy", I, "a movie about a chosen one destined to defeat a dark lord"),
    ("Fantasy", I, "something set in an enchanted land with talking beasts"),
    ("Fantasy", I, "a tale of knights, ogres and a cursed ring"),
    ("Film-Noir", D, "a film noir"),
    ("Film-Noir", D, "a noir"),
    ("Film-Noir", D, "something noir"),
    ("Film-Noir", D, "a classic black-and-white noir picture"),
    ("Film-Noir", I, "a film about a hard-boiled private eye in a rainy city"),
    ("Film-Noir", I, "something with a cynical gumshoe and venetian blind shadows"),
    ("Film-Noir", I, "a moody picture about a doomed sap seduced into murder"),
    ("Film-Noir", I, "a story narrated by a world-weary detective in a trench coat"),
    ("Film-Noir", I, "a film about a dame who lures a man into an insurance scam"),
    ("Film-Noir", I, "something smoky and fatalistic with double-crosses and lowlife informants"),
    ("Film-Noir", I, "a stark black-and-white story of corruption and betrayal in the big city"),
    ("Film-Noir", I, "a dangerous blonde who leads a sucker to ruin"),
    ("Horror", D, "a horror flick"),
    ("Horror", D, "something scary"),
    ("Horror", D, "a terrifying movie"),
    ("Horror", D, "a creepy fright fest"),
    ("Horror", I, "something that'll make me sleep with the lights on"),
    ("Horror", I, "a film about a haunted house"),
    ("Horror", I, "a movie with a masked slasher stalking teenagers"),
    ("Horror", I, "something with demons and possession"),
    ("Horror", I, "a zombie outbreak film with lots of gore"),
    ("Horror", I, "a movie about campers picked off one by one by a killer"),
    ("Horror", I, "something gory with vampires and werewolves"),
    ("Horror", I, "a film about a family tormented by a malevolent spirit"),
    ("Musical", D, "a musical"),
    ("Musical", D, "a movie musical"),
    ("Musical", D, "a song-and-dance film"),
    ("Musical", D, "a broadway-style musical"),
    ("Musical", I, "a film where people burst into song"),
    ("Musical", I, "something with big choreographed dance numbers"),
    ("Musical", I, "a movie with show tunes"),
    ("Musical", I, "a film where the characters sing their feelings"),
    ("Musical", I, "a stage show adapted for the screen with a big chorus line"),
    ("Musical", I, "something with tap dancing and a catchy soundtrack"),
    ("Musical", I, "a movie about a troupe putting on a broadway show"),
    ("Musical", I, "something where the cast breaks into numbers on the street"),
    ("Mystery", D, "a mystery"),
    ("Mystery", D, "a whodunit"),
    ("Mystery", D, "a murder mystery"),
    ("Mystery", D, "something mysterious"),
    ("Mystery", I, "a film where a detective gathers the suspects in the drawing room"),
    ("Mystery", I, "something about solving a puzzling murder at a country manor"),
    ("Mystery", I, "a movie with clues and a surprise culprit at the end"),
    ("Mystery", I, "a story about an amateur sleuth cracking a case"),
    ("Mystery", I, "something where you try to guess the killer before the reveal"),
    ("Mystery", I, "a movie about a disappearance nobody can explain"),
    ("Mystery", I, "a locked-room puzzle with an eccentric investigator"),
    ("Mystery", I, "something full of red herrings and hidden motives"),
    ("Romance", D, "a romance"),
    ("Romance", D, "a romantic film"),
    ("Romance", D, "a love story"),
    ("Romance", D, "something romantic"),
    ("Romance", I, "something about two people falling for each other"),
    ("Romance", I, "a film about star-crossed lovers"),
    ("Romance", I, "a movie for date night with lots of kissing"),
    ("Romance", I, "something swoon-worthy with a big wedding at the end"),
    ("Romance", I, "a film about a summer fling that turns into something more"),
    ("Romance", I, "a heart-melting story of soulmates"),
    ("Romance", I, "a movie about a woman torn between two suitors"),
    ("Romance", I, "a film about a passionate affair"),
    ("Sci-Fi", D, "a sci-fi flick"),
    ("Sci-Fi", D, "a science fiction film"),
    ("Sci-Fi", D, "something sci-fi"),
    ("Sci-Fi", D, "some hard sci-fi"),
    ("Sci-Fi", I, "something with spaceships and alien worlds"),
    ("Sci-Fi", I, "a film about robots rising up against humans"),
    ("Sci-Fi", I, "a story of time travel paradoxes"),
    ("Sci-Fi", I, "a movie set on a distant planet colony"),
    ("Sci-Fi", I, "something about first contact with extraterrestrials"),
    ("Sci-Fi", I, "a film about cyborgs and artificial intelligence"),
    ("Sci-Fi", I, "a movie about a dystopian society centuries from now"),
    ("Sci-Fi", I, "something with laser guns and warp drives"),
    ("Thriller", D, "a thriller"),
    ("Thriller", D, "something suspenseful"),
    ("Thriller", D, "a psychological thriller"),
    ("Thriller", D, "a real nail-biter"),
    ("Thriller", I, "a film about a man being hunted by a stalker"),
    ("Thriller", I, "something where a woman realizes her husband is trying to kill her"),
    ("Thriller", I, "a cat-and-mouse game between a killer and a detective"),
    ("Thriller", I, "a movie about a conspiracy where nobody can be trusted"),
    ("Thriller", I, "something with a shocking twist and mounting paranoia"),
    ("Thriller", I, "a film about a kidnapping and a ransom deadline"),
    ("Thriller", I, "something that'll have me gripping the armrest"),
    ("Thriller", I, "a film where a stranger starts blackmailing a family"),
    ("War", D, "a war movie"),
    ("War", D, "a war picture"),
    ("War", D, "a war epic"),
    ("War", D, "a wartime film"),
    ("War", I, "something about soldiers in the trenches"),
    ("War", I, "a film about a platoon fighting in the jungle"),
    ("War", I, "a movie about the d-day landings"),
    ("War", I, "a story of a bomber crew flying missions over enemy territory"),
    ("War", I, "a film about a submarine crew in enemy waters"),
    ("War", I, "something about prisoners planning an escape from a pow camp"),
    ("War", I, "a movie about marines storming a pacific island"),
    ("War", I, "a film about the horrors of combat and brothers in arms"),
    ("Western", D, "a western"),
    ("Western", D, "a cowboy movie"),
    ("Western", D, "a spaghetti western"),
    ("Western", D, "something western"),
    ("Western", I, "a film about a gunslinger riding into a frontier town"),
    ("Western", I, "something with outlaws, sheriffs and saloon shootouts"),
    ("Western", I, "a quick-draw duel on a dusty main street"),
    ("Western", I, "a movie about a cattle drive across the plains"),
    ("Western", I, "something about train robbers and a posse on horseback"),
    ("Western", I, "a film about a bounty hunter tracking a wanted outlaw"),
    ("Western", I, "a story of homesteaders defending their ranch from a land baron"),
    ("Western", I, "a film about a marshal cleaning up a lawless town"),
];

pub(crate) const BLIND_7_WHAT: &str = "written on 2026-12-05 (session 29) by a helper agent told not to read the repository, before the genre-exemplar candidate was built and read by no reader before its pre-registration (docs/eval/genre-exemplars/README.md): 12 genre wordings per MovieLens genre (4 direct, 8 indirect); dropped by the fifth set's rule and where they repeat a fifth- or sixth-set wording or one of the example phrases (src/pipeline/genre_exemplars.rs); put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the exemplar candidate";

/// The eighth held-out set, as the helper wrote them (genre, kind, wording): see [`BLIND_8_WHAT`].
pub(crate) const BLIND_GENRE_WORDINGS_8: &[(&str, Kind, &str)] = &[
    ("Action", D, "an action flick"),
    ("Action", D, "action movies"),
    ("Action", D, "a shoot-em-up"),
    ("Action", D, "a big dumb action film"),
    ("Action", D, "a high-octane action pic"),
    ("Action", I, "something with lots of car chases and explosions"),
    ("Action", I, "a movie where one guy takes on an army of henchmen"),
    ("Action", I, "a film packed with fistfights and gun battles"),
    ("Action", I, "something loud where things blow up every five minutes"),
    ("Action", I, "a movie with crazy stunts and a muscle-bound hero"),
    ("Action", I, "a film full of kung fu fights"),
    ("Action", I, "a movie with a tough guy blowing away the bad guys"),
    ("Adventure", D, "an adventure film"),
    ("Adventure", D, "an adventure flick"),
    ("Adventure", D, "a swashbuckler"),
    ("Adventure", D, "a globe-trotting adventure"),
    ("Adventure", D, "a rollicking adventure yarn"),
    ("Adventure", I, "something about hunting for lost treasure"),
    ("Adventure", I, "a film about explorers trekking through the jungle"),
    ("Adventure", I, "a movie where a crew sails off to a faraway island"),
    ("Adventure", I, "something with pirates and sword fights on ships"),
    ("Adventure", I, "a film about a quest to find a lost city"),
    ("Adventure", I, "a movie about a journey across uncharted lands"),
    ("Adventure", I, "something with an archaeologist dodging booby traps"),
    ("Animation", D, "an animated movie"),
    ("Animation", D, "a cartoon"),
    ("Animation", D, "a cartoon flick"),
    ("Animation", D, "an anime film"),
    ("Animation", D, "a claymation movie"),
    ("Animation", I, "something hand-drawn"),
    ("Animation", I, "a film made entirely with computer graphics, no real actors"),
    ("Animation", I, "a movie with clay figures moved frame by frame"),
    ("Animation", I, "something drawn in that japanese style with big eyes"),
    ("Animation", I, "a film with voice actors instead of people on screen"),
    ("Animation", I, "a movie made from thousands of drawings"),
    ("Animation", I, "a feature done with puppets shot one frame at a time"),
    ("Children's", D, "a kids movie"),
    ("Children's", D, "a children's film"),
    ("Children's", D, "a kiddie flick"),
    ("Children's", D, "a family film"),
    ("Children's", D, "something for the kids"),
    ("Children's", I, "something a six-year-old can watch"),
    ("Children's", I, "a movie to put on at a third grader's birthday party"),
    ("Children's", I, "a film about a boy and his loyal dog"),
    ("Children's", I, "something wholesome enough for a preschooler"),
    ("Children's", I, "a movie about a lost puppy finding its way home"),
    ("Children's", I, "a gentle film for a toddler with no scary parts"),
    ("Children's", I, "something my nephew and niece could watch at a sleepover"),
    ("Comedy", D, "a comedy"),
    ("Comedy", D, "a comedy flick"),
    ("Comedy", D, "a laugh riot"),
    ("Comedy", D, "a slapstick movie"),
    ("Comedy", D, "a spoof movie"),
    ("Comedy", I, "something that'll make me laugh till i cry"),
    ("Comedy", I, "a movie full of silly jokes and pratfalls"),
    ("Comedy", I, "a film about two dimwits on a road trip"),
    ("Comedy", I, "something lighthearted with lots of one-liners"),
    ("Comedy", I, "a movie where a bumbling guy keeps messing everything up"),
    ("Comedy", I, "a film with gross-out gags"),
    ("Comedy", I, "something goofy to cheer me up"),
    ("Crime", D, "a crime movie"),
    ("Crime", D, "a gangster flick"),
    ("Crime", D, "a mob picture"),
    ("Crime", D, "a heist movie"),
    ("Crime", D, "a cops and robbers flick"),
    ("Crime", I, "a movie about a crew planning one last big score"),
    ("Crime", I, "something about drug dealers and the narcotics cops after them"),
    ("Crime", I, "a film following a hitman on a job"),
    ("Crime", I, "a movie about a con artist pulling off an elaborate swindle"),
    ("Crime", I, "a film about a drug kingpin building an empire"),
    ("Crime", I, "something about a guy laundering money for a cartel"),
    ("Crime", I, "a movie about a family that runs the rackets in a big city"),
    ("Documentary", D, "a documentary"),
    ("Documentary", D, "a doc"),
    ("Documentary", D, "a docu"),
    ("Documentary", D, "a nature doc"),
    ("Documentary", D, "a rockumentary"),
    ("Documentary", I, "something with no actors, just interviews and real footage"),
    ("Documentary", I, "a nonfiction film exposing a real corporate scandal"),
    ("Documentary", I, "a narrated film about real wildlife in the arctic"),
    ("Documentary", I, "a film following a real band on tour behind the scenes"),
    ("Documentary", I, "something factual about climate change"),
    ("Documentary", I, "a film where real people talk to the camera about their lives"),
    ("Documentary", I, "a fly-on-the-wall film about real athletes in training"),
    ("Drama", D, "a drama"),
    ("Drama", D, "a dramatic film"),
    ("Drama", D, "a tearjerker"),
    ("Drama", D, "a weepie"),
    ("Drama", D, "a melodrama"),
    ("Drama", I, "something serious and emotional about a family falling apart"),
    ("Drama", I, "a film about a man grieving his wife's death"),
    ("Drama", I, "a slow, thoughtful movie about ordinary people's struggles"),
    ("Drama", I, "a movie about an alcoholic trying to turn his life around"),
    ("Drama", I, "a film about a teacher who changes her students' lives"),
    ("Drama", I, "a heavy character study of a lonely man"),
    ("Drama", I, "something about a son caring for his dying father"),
    ("Fantasy", D, "a fantasy movie"),
    ("Fantasy", D, "a fantasy flick"),
    ("Fantasy", D, "a sword and sorcery pic"),
    ("Fantasy", D, "a fairy tale"),
    ("Fantasy", D, "an epic fantasy"),
    ("Fantasy", I, "a movie set in a kingdom full of magic"),
    ("Fantasy", I, "a film with elves and dwarves on a quest"),
    ("Fantasy", I, "something where a boy learns he can cast spells"),
    ("Fantasy", I, "a movie with a cursed princess and an evil sorceress"),
    ("Fantasy", I, "a film about a girl who stumbles into an enchanted world"),
    ("Fantasy", I, "something with trolls, goblins and a wise old wizard"),
    ("Fantasy", I, "a movie about a knight slaying a dragon"),
    ("Film-Noir", D, "a film noir"),
    ("Film-Noir", D, "a noir"),
    ("Film-Noir", D, "a noir flick"),
    ("Film-Noir", D, "a classic noir"),
    ("Film-Noir", D, "a neo-noir"),
    ("Film-Noir", I, "a black and white picture with a hard-boiled private eye and a dangerous dame"),
    ("Film-Noir", I, "a moody film full of shadows, cigarette smoke and rain-soaked streets"),
    ("Film-Noir", I, "a film about an insurance man lured into murder by a seductive wife"),
    ("Film-Noir", I, "something narrated by a doomed guy in a trench coat"),
    ("Film-Noir", I, "a movie where a double-crossing blonde leads a sucker to ruin"),
    ("Film-Noir", I, "a bleak old picture with venetian blind shadows and a cynical voiceover"),
    ("Film-Noir", I, "something with a world-weary gumshoe and a dame in trouble"),
    ("Horror", D, "a horror flick"),
    ("Horror", D, "a scary movie"),
    ("Horror", D, "a slasher pic"),
    ("Horror", D, "a creature feature"),
    ("Horror", D, "a fright fest"),
    ("Horror", I, "something that'll make me sleep with the lights on"),
    ("Horror", I, "a movie about a family moving into a haunted house"),
    ("Horror", I, "a film with a masked maniac picking off campers one by one"),
    ("Horror", I, "something with zombies overrunning a town"),
    ("Horror", I, "a movie about a little girl possessed by a demon"),
    ("Horror", I, "something really gory with buckets of blood"),
    ("Horror", I, "a film about vampires preying on a sleepy town"),
    ("Musical", D, "a musical"),
    ("Musical", D, "a movie musical"),
    ("Musical", D, "a song-and-dance picture"),
    ("Musical", D, "a singalong movie"),
    ("Musical", D, "an all-singing all-dancing film"),
    ("Musical", I, "something where people suddenly burst into song"),
    ("Musical", I, "a film with big choreographed dance numbers"),
    ("Musical", I, "a movie where the characters sing about their feelings"),
    ("Musical", I, "a film full of show tunes"),
    ("Musical", I, "a movie about a theater troupe putting on a show with lots of numbers"),
    ("Musical", I, "something with tap dancing and big chorus lines"),
    ("Musical", I, "a movie where the whole story is told through songs"),
    ("Mystery", D, "a mystery"),
    ("Mystery", D, "a whodunit"),
    ("Mystery", D, "a murder mystery"),
    ("Mystery", D, "a mystery flick"),
    ("Mystery", D, "a detective story"),
    ("Mystery", I, "something where you can't guess who did it until the very end"),
    ("Mystery", I, "a film where the detective gathers all the suspects in the drawing room"),
    ("Mystery", I, "a movie about a murder at a country manor"),
    ("Mystery", I, "a film full of clues and red herrings"),
    ("Mystery", I, "a movie about a nosy old lady who solves killings in her village"),
    ("Mystery", I, "something where a body turns up on a train and everyone is a suspect"),
    ("Mystery", I, "a film about piecing together clues to a strange disappearance"),
    ("Romance", D, "a romance"),
    ("Romance", D, "a love story"),
    ("Romance", D, "a romantic flick"),
    ("Romance", D, "a chick flick"),
    ("Romance", D, "a swoony date movie"),
    ("Romance", I, "something about two people falling for each other"),
    ("Romance", I, "a movie about a woman torn between two suitors"),
    ("Romance", I, "a film about a summer fling that turns into something more"),
    ("Romance", I, "something with a big kiss in the rain at the end"),
    ("Romance", I, "a film about sweethearts separated by distance writing letters"),
    ("Romance", I, "a movie about a couple from rival families who can't be together"),
    ("Romance", I, "a film about strangers who meet on a train and share one unforgettable night"),
    ("Sci-Fi", D, "a sci-fi movie"),
    ("Sci-Fi", D, "a science fiction film"),
    ("Sci-Fi", D, "a sci-fi flick"),
    ("Sci-Fi", D, "a space opera"),
    ("Sci-Fi", D, "a cyberpunk movie"),
    ("Sci-Fi", I, "something set aboard a starship"),
    ("Sci-Fi", I, "a film about robots turning on humanity"),
    ("Sci-Fi", I, "a movie about people traveling through time"),
    ("Sci-Fi", I, "something about visitors from another planet"),
    ("Sci-Fi", I, "a film set hundreds of years in the future"),
    ("Sci-Fi", I, "a movie about astronauts stranded on a distant planet"),
    ("Sci-Fi", I, "a film about a computer that becomes self-aware"),
    ("Thriller", D, "a thriller"),
    ("Thriller", D, "a suspense movie"),
    ("Thriller", D, "a nail-biter"),
    ("Thriller", D, "a psychological thriller"),
    ("Thriller", D, "an edge-of-your-seat flick"),
    ("Thriller", I, "a movie about a woman being stalked by an obsessive stranger"),
    ("Thriller", I, "a film about an innocent man framed and on the run"),
    ("Thriller", I, "something about a government conspiracy and a whistleblower in danger"),
    ("Thriller", I, "a movie where the new nanny turns out to be dangerous"),
    ("Thriller", I, "a film about a wife who suspects her husband is trying to kill her"),
    ("Thriller", I, "something tense that makes my heart pound the whole way through"),
    ("Thriller", I, "a cat-and-mouse film about an agent hunting a serial killer"),
    ("War", D, "a war movie"),
    ("War", D, "a war flick"),
    ("War", D, "a war picture"),
    ("War", D, "a combat movie"),
    ("War", D, "a military film"),
    ("War", I, "something about soldiers storming a beach"),
    ("War", I, "a film about a platoon slogging through the jungle"),
    ("War", I, "a movie about a bomber crew flying dangerous missions"),
    ("War", I, "a film about young men stuck in the trenches"),
    ("War", I, "something about a submarine crew hunted by enemy ships"),
    ("War", I, "a movie about a squad trapped behind enemy lines"),
    ("War", I, "a film about paratroopers dropping into occupied territory"),
    ("Western", D, "a western"),
    ("Western", D, "a cowboy movie"),
    ("Western", D, "a spaghetti western"),
    ("Western", D, "an oater"),
    ("Western", D, "a horse opera"),
    ("Western", I, "a movie about a gunslinger riding into a frontier town"),
    ("Western", I, "a film with a showdown on a dusty main street"),
    ("Western", I, "something about a sheriff facing down a gang of outlaws"),
    ("Western", I, "a film about a cattle drive across the open plains"),
    ("Western", I, "a movie about settlers heading out in a wagon train"),
    ("Western", I, "something with saloon brawls and stagecoach robberies"),
    ("Western", I, "a film about a bounty hunter tracking a bandit across the desert"),
];

pub(crate) const BLIND_8_WHAT: &str = "written on 2026-12-05 (session 29) by a helper agent told not to read the repository or any earlier set, after the llm-then-exemplars candidate was designed, and read by no reader before its pre-registration (docs/eval/llm-then-exemplars/README.md): 12 genre wordings per MovieLens genre (5 direct, including colloquial names; 7 indirect); dropped by the fifth set's rule and where they repeat a fifth-, sixth- or seventh-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the llm-then-exemplars candidate";

/// The ninth held-out set, as the helper wrote them (genre, kind, wording): see [`BLIND_9_WHAT`].
pub(crate) const BLIND_GENRE_WORDINGS_9: &[(&str, Kind, &str)] = &[
    ("Action", D, "an action movie"),
    ("Action", D, "some action flicks"),
    ("Action", D, "a good old-fashioned action film"),
    ("Action", D, "something action-packed"),
    ("Action", D, "a big dumb action blockbuster"),
    ("Action", I, "something with lots of explosions and car chases"),
    ("Action", I, "a movie where one guy takes down a whole army of bad guys"),
    ("Action", I, "show me a film with tons of fistfights and shootouts"),
    ("Action", I, "i want to see a rogue cop blowing stuff up"),
    ("Action", I, "anything with high-speed chases and big stunts"),
    ("Action", I, "a film about an ex-soldier getting revenge on a drug cartel"),
    ("Action", I, "nonstop gunfights and buildings blowing up"),
    ("Adventure", D, "an adventure movie"),
    ("Adventure", D, "some adventure films"),
    ("Adventure", D, "a classic swashbuckling adventure"),
    ("Adventure", D, "a big adventure flick"),
    ("Adventure", D, "something adventurous"),
    ("Adventure", I, "a movie about treasure hunters searching a lost jungle temple"),
    ("Adventure", I, "something where explorers trek across the desert looking for a lost city"),
    ("Adventure", I, "pirates sailing the high seas hunting for buried gold"),
    ("Adventure", I, "i want to see a daring expedition up an unexplored river"),
    ("Adventure", I, "a film about a group on a quest across dangerous mountains"),
    ("Adventure", I, "show me something with a map, a hidden treasure and booby traps"),
    ("Adventure", I, "anything with castaways surviving on a mysterious island"),
    ("Animation", D, "an animated movie"),
    ("Animation", D, "some animation"),
    ("Animation", D, "a cartoon movie"),
    ("Animation", D, "an anime film"),
    ("Animation", D, "a nice animated feature"),
    ("Animation", I, "a movie where everything is hand-drawn"),
    ("Animation", I, "a stop-motion film with little clay figures"),
    ("Animation", I, "something fully computer-generated with cute talking creatures"),
    ("Animation", I, "show me a film where all the characters are drawings"),
    ("Animation", I, "i want to see colorful drawn animals going on a journey"),
    ("Animation", I, "anything made frame by frame with puppets"),
    ("Animation", I, "a film with no real actors, just voices and drawings"),
    ("Children's", D, "a kids movie"),
    ("Children's", D, "a children's film"),
    ("Children's", D, "something for the kids"),
    ("Children's", D, "a family movie"),
    ("Children's", D, "a kid-friendly flick"),
    ("Children's", I, "something my six-year-old can watch"),
    ("Children's", I, "a movie about a boy and his lost puppy finding their way home"),
    ("Children's", I, "a film the whole family can watch with the little ones"),
    ("Children's", I, "show me something safe for a toddler with no scary parts"),
    ("Children's", I, "i want a sweet story about a talking pig on a farm"),
    ("Children's", I, "anything rated g for my nephew and niece"),
    ("Children's", I, "a silly movie about a dog that joins the school soccer team"),
    ("Comedy", D, "a comedy"),
    ("Comedy", D, "some comedies tonight"),
    ("Comedy", D, "a dumb slapstick comedy"),
    ("Comedy", D, "a comedy flick"),
    ("Comedy", D, "something comedic"),
    ("Comedy", I, "a movie that'll make me laugh till i cry"),
    ("Comedy", I, "something silly where a bunch of friends screw everything up"),
    ("Comedy", I, "i want to see a guy accidentally ruin his boss's dinner party"),
    ("Comedy", I, "a film about two idiots on a road trip"),
    ("Comedy", I, "show me something light and hilarious"),
    ("Comedy", I, "anything with lots of pratfalls and goofy jokes"),
    ("Comedy", I, "a wacky mix-up at a wedding that keeps getting worse"),
    ("Crime", D, "a crime movie"),
    ("Crime", D, "a gritty crime flick"),
    ("Crime", D, "a gangster movie"),
    ("Crime", D, "some mob films"),
    ("Crime", D, "a good heist movie"),
    ("Crime", I, "a movie about a crew pulling off a bank robbery"),
    ("Crime", I, "something about a mafia family running the city"),
    ("Crime", I, "a film where a drug dealer rises to the top of the underworld"),
    ("Crime", I, "show me cops chasing a gang of armored-car robbers"),
    ("Crime", I, "i want to see a hitman trying to get out of the business"),
    ("Crime", I, "anything about bootleggers and gang wars during prohibition"),
    ("Crime", I, "a story of a con man swindling rich people"),
    ("Documentary", D, "a documentary"),
    ("Documentary", D, "some docs"),
    ("Documentary", D, "a nature documentary"),
    ("Documentary", D, "a rock music doc"),
    ("Documentary", D, "a sports documentary"),
    ("Documentary", I, "something real, with interviews and old footage"),
    ("Documentary", I, "a film about how the pyramids were actually built"),
    ("Documentary", I, "i want to learn about deep sea creatures"),
    ("Documentary", I, "show me real footage of lions hunting on the savanna"),
    ("Documentary", I, "a nonfiction film about a band's rise and fall"),
    ("Documentary", I, "anything narrated that teaches me about climate change"),
    ("Documentary", I, "an investigative film exposing a corporate scandal with real whistleblowers"),
    ("Drama", D, "a drama"),
    ("Drama", D, "some serious dramas"),
    ("Drama", D, "a heavy drama"),
    ("Drama", D, "a dramatic film"),
    ("Drama", D, "a family drama"),
    ("Drama", I, "something serious and emotional about a family falling apart"),
    ("Drama", I, "a movie that will make me cry"),
    ("Drama", I, "a film about a woman caring for her dying father"),
    ("Drama", I, "i want a slow, thoughtful story about real people"),
    ("Drama", I, "show me something about a man struggling with addiction"),
    ("Drama", I, "an inspiring story about a teacher who changes a troubled student's life"),
    ("Drama", I, "anything heavy and character-driven, no jokes"),
    ("Fantasy", D, "a fantasy movie"),
    ("Fantasy", D, "some fantasy films"),
    ("Fantasy", D, "a high fantasy epic"),
    ("Fantasy", D, "a sword and sorcery flick"),
    ("Fantasy", D, "a dark fantasy tale"),
    ("Fantasy", I, "a movie with wizards, dragons and enchanted swords"),
    ("Fantasy", I, "something where a farm boy finds out he's the chosen one"),
    ("Fantasy", I, "a film about elves and dwarves fighting an evil lord"),
    ("Fantasy", I, "i want to see a kingdom under a witch's curse"),
    ("Fantasy", I, "show me a magical land hidden through a secret door"),
    ("Fantasy", I, "anything with unicorns, fairies and talking trees"),
    ("Fantasy", I, "a young sorceress learning to control her powers"),
    ("Film-Noir", D, "a film noir"),
    ("Film-Noir", D, "some old noir"),
    ("Film-Noir", D, "a classic noir picture"),
    ("Film-Noir", D, "a black-and-white film noir"),
    ("Film-Noir", D, "a neo-noir"),
    ("Film-Noir", I, "a black and white movie about a hard-boiled private eye"),
    ("Film-Noir", I, "something from the forties with a femme fatale and rain-soaked streets"),
    ("Film-Noir", I, "a cynical detective in a trench coat narrating his doom"),
    ("Film-Noir", I, "i want shadowy alleys, cigarette smoke and double-crosses"),
    ("Film-Noir", I, "a film where a sap gets lured into murder by a dame"),
    ("Film-Noir", I, "show me a fatalistic forties story about an insurance fraud gone wrong"),
    ("Film-Noir", I, "anything with venetian blinds, fedoras and a doomed man"),
    ("Horror", D, "a horror movie"),
    ("Horror", D, "some horror flicks"),
    ("Horror", D, "a gory slasher flick"),
    ("Horror", D, "a classic horror film"),
    ("Horror", D, "a cheesy b-movie horror"),
    ("Horror", I, "something scary that'll keep me up all night"),
    ("Horror", I, "a movie about a family moving into a haunted house"),
    ("Horror", I, "teenagers getting picked off one by one at a summer camp"),
    ("Horror", I, "i want to see a demon possessing a little girl"),
    ("Horror", I, "show me zombies overrunning a small town"),
    ("Horror", I, "anything with a masked killer and lots of blood"),
    ("Horror", I, "a film where a cursed doll terrorizes a family"),
    ("Musical", D, "a musical"),
    ("Musical", D, "some movie musicals"),
    ("Musical", D, "an old-fashioned song-and-dance musical"),
    ("Musical", D, "a musical film"),
    ("Musical", D, "a jukebox musical"),
    ("Musical", I, "a movie where everyone bursts into song"),
    ("Musical", I, "something with big song and dance numbers"),
    ("Musical", I, "a film where the characters sing about their feelings"),
    ("Musical", I, "i want singing and tap dancing in the streets"),
    ("Musical", I, "show me a story told through songs and choreography"),
    ("Musical", I, "anything with show tunes and chorus lines"),
    ("Musical", I, "a love story where the couple sings duets on a rooftop"),
    ("Mystery", D, "a mystery"),
    ("Mystery", D, "some mystery movies"),
    ("Mystery", D, "a whodunit"),
    ("Mystery", D, "a murder mystery"),
    ("Mystery", D, "a cozy mystery flick"),
    ("Mystery", I, "a detective figuring out who killed the rich old man"),
    ("Mystery", I, "something where guests at a mansion try to find the killer"),
    ("Mystery", I, "a film full of clues and a twist ending reveal"),
    ("Mystery", I, "i want to guess who did it before the end"),
    ("Mystery", I, "show me a sleuth solving a murder on a cruise ship"),
    ("Mystery", I, "anything with a clever investigator and a locked-room puzzle"),
    ("Mystery", I, "a puzzling disappearance in a small village that nobody can explain"),
    ("Romance", D, "a romance"),
    ("Romance", D, "a rom-com"),
    ("Romance", D, "some romantic movies"),
    ("Romance", D, "a sappy romance flick"),
    ("Romance", D, "a love story"),
    ("Romance", I, "two people falling in love against all odds"),
    ("Romance", I, "a movie about a couple who meet on a summer vacation by the sea"),
    ("Romance", I, "something sweet where strangers fall for each other"),
    ("Romance", I, "i want a kiss in the rain at the end"),
    ("Romance", I, "show me star-crossed lovers from rival families"),
    ("Romance", I, "anything about a first love that lasts a lifetime"),
    ("Romance", I, "a film where a woman has to choose between two suitors"),
    ("Sci-Fi", D, "some sci-fi"),
    ("Sci-Fi", D, "a sci-fi flick"),
    ("Sci-Fi", D, "a science fiction movie"),
    ("Sci-Fi", D, "hard science fiction"),
    ("Sci-Fi", D, "a space opera"),
    ("Sci-Fi", I, "astronauts stranded on a broken-down ship far from earth"),
    ("Sci-Fi", I, "something with robots that become self-aware"),
    ("Sci-Fi", I, "a film about time travelers trying to fix the future"),
    ("Sci-Fi", I, "i want to see aliens landing and making first contact"),
    ("Sci-Fi", I, "show me a dystopian future run by machines"),
    ("Sci-Fi", I, "anything with spaceships, lasers and distant planets"),
    ("Sci-Fi", I, "colonists terraforming a barren red planet"),
    ("Thriller", D, "a thriller"),
    ("Thriller", D, "some thrillers"),
    ("Thriller", D, "a psychological thriller"),
    ("Thriller", D, "an edge-of-your-seat thriller"),
    ("Thriller", D, "a spy thriller"),
    ("Thriller", I, "something nail-biting and tense with a ticking clock"),
    ("Thriller", I, "a woman realizing her husband is trying to kill her"),
    ("Thriller", I, "a man being hunted by a stalker who knows everything about him"),
    ("Thriller", I, "i want a tense cat-and-mouse chase with a killer"),
    ("Thriller", I, "show me a hostage situation with a bomb about to go off"),
    ("Thriller", I, "anything about a conspiracy where nobody can be trusted"),
    ("Thriller", I, "a film where a witness is on the run from assassins"),
    ("War", D, "a war movie"),
    ("War", D, "some war films"),
    ("War", D, "a gritty war flick"),
    ("War", D, "a war epic"),
    ("War", D, "an antiwar film"),
    ("War", I, "soldiers storming a beach under heavy fire"),
    ("War", I, "a movie about a platoon trapped behind enemy lines"),
    ("War", I, "something about fighter pilots in dogfights over the ocean"),
    ("War", I, "i want to see tanks rolling through bombed-out villages"),
    ("War", I, "show me a submarine crew hiding from destroyers"),
    ("War", I, "anything about the trenches and the front lines"),
    ("War", I, "a film following young recruits from boot camp to the battlefield"),
    ("Western", D, "a western"),
    ("Western", D, "some westerns"),
    ("Western", D, "a spaghetti western"),
    ("Western", D, "a classic cowboy western"),
    ("Western", D, "an oater"),
    ("Western", I, "cowboys, saloons and a showdown at high noon"),
    ("Western", I, "a movie about a lone gunslinger riding into a frontier town"),
    ("Western", I, "something with cattle drives across the open range"),
    ("Western", I, "i want to see a sheriff facing down outlaws"),
    ("Western", I, "show me bandits robbing a stagecoach in the desert"),
    ("Western", I, "anything with horses, six-shooters and dusty main streets"),
    ("Western", I, "settlers in covered wagons crossing the plains"),
];

pub(crate) const BLIND_9_WHAT: &str = "written on 2026-12-05 (session 30) by a helper agent told not to read the repository, /tmp or any earlier set, after the exemplar-override candidate was designed, and read by no reader before its pre-registration (docs/eval/exemplar-override/README.md): 12 genre wordings per MovieLens genre (5 direct, including colloquial names; 7 indirect); dropped by the fifth set's rule and where they repeat a fifth- to eighth-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the exemplar-override candidate";

/// A set of blind wordings: (genre, kind, wording), as written.
pub(crate) type Wordings = [(&'static str, Kind, &'static str)];

/// Why a wording of `genre` is not held out, or None when it is; `earlier`:
/// the blind sets written before this one.
fn dropped_because(genre: &str, kind: Kind, wording: &str, earlier: &Wordings) -> Option<String> {
    let norm = |t: &str| words(t).join(" ");
    let n = norm(wording);
    if earlier.iter().any(|x| norm(x.2) == n) {
        return Some("repeats an earlier blind set's wording".into());
    }
    let mut seen = GENRE_WORDS.iter().flat_map(|g| g.1.iter().copied()).chain(DEV_WORDINGS.iter().chain(READER_DEV_WORDINGS).map(|d| d.0));
    if seen.any(|x| norm(x) == n) {
        return Some("repeats an evaluation or development wording".into());
    }
    if TRAIN_WORDINGS.iter().flat_map(|t| t.1.iter().copied()).chain(NO_GENRE.iter().copied()).any(|x| norm(x) == n) {
        return Some("repeats a training wording".into());
    }
    if kind == I {
        let trained: Vec<String> = TRAIN_WORDINGS.iter().filter(|t| t.0 == genre).flat_map(|t| t.1.iter().flat_map(|x| words(x))).filter(|x| !is_stop(x)).collect();
        if let Some(x) = words(wording).into_iter().filter(|x| !is_stop(x)).find(|x| trained.contains(x)) {
            return Some(format!("indirect, shares {x:?} with a training wording of its genre"));
        }
    }
    None
}

/// What the seventh set's wordings must not repeat: the fifth and sixth
/// sets' and the example phrases the exemplar candidate reads by.
pub(super) fn before_seventh() -> Vec<(&'static str, Kind, &'static str)> {
    use dualrec::pipeline::genre_exemplars::{GENRE_EXEMPLARS, NO_GENRE_EXEMPLARS};
    let examples = GENRE_EXEMPLARS.iter().flat_map(|(g, ps)| ps.iter().map(move |p| (*g, I, *p))).chain(NO_GENRE_EXEMPLARS.iter().map(|p| ("", I, *p)));
    BLIND_GENRE_WORDINGS.iter().chain(BLIND_GENRE_WORDINGS_6).copied().chain(examples).collect()
}

/// What the eighth set's wordings must not repeat: the seventh's and what it must not.
pub(super) fn before_eighth() -> Vec<(&'static str, Kind, &'static str)> {
    let mut v = before_seventh();
    v.extend(BLIND_GENRE_WORDINGS_7.iter().copied());
    v
}

/// What the ninth set's wordings must not repeat: the eighth's and what it must not.
pub(super) fn before_ninth() -> Vec<(&'static str, Kind, &'static str)> {
    let mut v = before_eighth();
    v.extend(BLIND_GENRE_WORDINGS_8.iter().copied());
    v
}

/// The held-out wordings of `set`: those not dropped.
fn held_out(set: &'static Wordings, earlier: &Wordings) -> Vec<&'static (&'static str, Kind, &'static str)> {
    set.iter().filter(|w| dropped_because(w.0, w.1, w.2, earlier).is_none()).collect()
}

/// The requests with a genre, their genre wording replaced by a held-out
/// one of the same genre (seeded: direct with probability 2/3, as the
/// templated requests' plain and synonym slots, then any of that kind; slot 0
/// for direct, 2 for indirect); the others unchanged.
fn reworded(queries: &[(usize, Query)], kept: &[&'static (&'static str, Kind, &'static str)], seed: u64) -> Vec<(usize, Query)> {
    let mut rng = SplitMix(seed);
    queries
        .iter()
        .map(|(ci, q)| {
            if q.phrase.is_empty() {
                return (*ci, q.clone());
            }
            debug_assert!(q.text.starts_with(q.phrase));
            let of = |k: Kind| kept.iter().copied().filter(|w| w.0 == q.genres[0] && w.1 == k).collect::<Vec<_>>();
            let want = if rng.below(3) < 2 { D } else { I };
            let pool = [of(want), of(if want == D { I } else { D })].into_iter().find(|p| !p.is_empty()).unwrap_or_default();
            let Some(w) = (!pool.is_empty()).then(|| pool[rng.below(pool.len())]) else { return (*ci, q.clone()) };
            (*ci, Query { text: format!("{}{}", w.2, &q.text[q.phrase.len()..]), wording: if w.1 == D { 0 } else { 2 }, phrase: w.2, ..q.clone() })
        })
        .collect()
}

/// What the set is measured with (the same as the templated requests').
pub(super) struct BlindSet<'a> {
    pub engine: &'a Engine,
    pub cases: &'a [protocol::Case],
    pub queries: &'a [(usize, Query)],
    /// The templated requests read without the LLM, with the target's rank without a request.
    pub rules_rows: &'a [Row<'a>],
    pub weights: QueryWeights,
    pub no_margin: QueryWeights,
    /// Also read so, paired (a candidate).
    pub compared: Option<Compared>,
    pub llm_mode: UnreadPhrases,
    pub has_llm: bool,
}

impl BlindSet<'_> {
    /// `set`'s held-out wordings (after `earlier`'s) in place of the requests' own; `what` describes the set.
    pub fn measure(&self, set: &'static Wordings, earlier: &Wordings, seed: u64, what: &str) -> Result<serde_json::Value> {
        let kept = held_out(set, earlier);
        let requests = reworded(self.queries, &kept, seed);
        let read = |w: &QueryWeights, by: UnreadPhrases| -> Result<(Vec<Row>, Vec<f64>)> {
            let (mut rows, ms) = evaluate(self.engine, self.cases, &requests, w, false, by)?;
            // The same histories: "without" is the same recommend call.
            rows.iter_mut().zip(self.rules_rows).for_each(|(r, b)| r.3 = b.3);
            Ok((rows, ms))
        };
        let (rows, ms) = read(&self.weights, self.llm_mode)?;
        let llm_ms: Vec<f64> = rows.iter().zip(&ms).filter(|(r, _)| r.1.as_ref().is_some_and(|i| i.read_by_llm)).map(|(_, &m)| m).collect();
        let library = measure(&rows, ms, true);
        let (plain_rows, plain_ms) = read(&self.weights, UnreadPhrases::Similarity)?;
        let plain = measure(&plain_rows, plain_ms, true);
        let zero = if self.has_llm { let (r, ms) = read(&self.no_margin, self.llm_mode)?; Some(measure(&r, ms, true)) } else { None };
        let (other, other_rows) = match &self.compared {
            Some(c) => {
                let (r, ms) = read(&c.weights, self.llm_mode)?;
                (Some((c.key, measure(&r, ms, true))), Some((c.key, r)))
            }
            None => (None, None),
        };
        // Per wording: requests, mean genre F1 by the library and without the LLM.
        let mut per_wording: Vec<serde_json::Value> = Vec::new();
        for w in &kept {
            let f = |rows: &[Row]| -> Vec<f64> { rows.iter().filter(|r| r.0.phrase == w.2).map(|r| super::f1(&r.0.genres, &r.1.as_ref().map(|i| i.all_genres()).unwrap_or_default())).collect() };
            let (l, p) = (f(&rows), f(&plain_rows));
            let c = other_rows.as_ref().map(|(key, r)| (key, super::mean(&f(r))));
            if !l.is_empty() {
                per_wording.push(serde_json::json!({"compared": c.map(|c| serde_json::json!({"key": c.0, "genre_f1": c.1})),"genre": w.0, "kind": format!("{:?}", w.1).to_lowercase(), "wording": w.2, "requests": l.len(), "genre_f1_library": super::mean(&l), "genre_f1_without_llm": super::mean(&p),
                    "read_as": rows.iter().find(|r| r.0.phrase == w.2).map(|r| r.1.as_ref().map_or("(unclear: refused)".to_string(), |i| if i.all_genres().is_empty() { "none".to_string() } else { i.all_genres().join(", ") }))}));
            }
        }
        let dropped: Vec<serde_json::Value> = set.iter().filter_map(|w| dropped_because(w.0, w.1, w.2, earlier).map(|why| serde_json::json!({"genre": w.0, "kind": format!("{:?}", w.1).to_lowercase(), "wording": w.2, "why": why}))).collect();
        let mut out = serde_json::json!({
            "what": what,
            "wordings": {"written": set.len(), "kept_direct": kept.iter().filter(|w| w.1 == D).count(), "kept_indirect": kept.iter().filter(|w| w.1 == I).count(), "dropped": dropped},
            "keys": "genre_f1_wording0: direct wordings; genre_f1_wording2: indirect",
            "library": library.json(),
            "margin_0": zero.as_ref().map(|z| z.json()),
            "without_llm": plain.json(),
            "paired_library_minus_without_llm": paired_difference(&library, &plain),
            "paired_library_minus_margin_0": zero.as_ref().map(|z| paired_difference(&library, z)),
            "llm_calls_ms": {"calls": llm_ms.len(), "p50": (!llm_ms.is_empty()).then(|| percentile(&llm_ms, 0.5)), "p99": (!llm_ms.is_empty()).then(|| percentile(&llm_ms, 0.99))},
            "per_wording": per_wording,
        });
        if let Some((key, m)) = &other {
            out[*key] = m.json();
            out[format!("paired_library_minus_{key}")] = serde_json::json!(paired_difference(&library, m));
        }
        Ok(out)
    }
}

/// The markdown section of [`BlindSet::measure`]'s JSON.
pub(super) fn md(j: &serde_json::Value, margin: f32, title: &str) -> String {
    let cell = |v: &serde_json::Value| {
        if v.is_null() { "—".to_string() } else { format!("{} [{:.3}–{:.3}]", super::mean_ci_cell(v), v["ci95_resampling_wordings"][0].as_f64().unwrap_or(0.0), v["ci95_resampling_wordings"][1].as_f64().unwrap_or(0.0)) }
    };
    let signed = |v: &serde_json::Value| if v.is_null() { "—".to_string() } else { format!("{} [{:+.3}…{:+.3}]", super::signed_ci_cell(v), v["ci95_resampling_wordings"][0].as_f64().unwrap_or(0.0), v["ci95_resampling_wordings"][1].as_f64().unwrap_or(0.0)) };
    let hr = |m: &serde_json::Value| format!("{:.4} ({:.2}×)", m["ranking"]["all"]["hr10_with"].as_f64().unwrap_or(0.0), m["ranking"]["all"]["hr10_ratio"].as_f64().unwrap_or(0.0));
    let w = &j["wordings"];
    let mut md = format!(
        "\n## {title}\n\n{}.\n\nKept {} direct and {} indirect wordings of {} written. Intervals: (resampling requests) [resampling wordings].\n\n| measure | the library (margin {margin}) | margin 0 | without the LLM | library minus without the LLM |\n|---|---|---|---|---|\n",
        j["what"].as_str().unwrap_or_default(), w["kept_direct"], w["kept_indirect"], w["written"]
    );
    for (k, name) in [("genre_f1", "genre F1"), ("genre_f1_wording0", "— direct"), ("genre_f1_wording2", "— indirect")] {
        md += &format!("| {name} | {} | {} | {} | {} |\n", cell(&j["library"]["reading"][k]), cell(&j["margin_0"]["reading"][k]), cell(&j["without_llm"]["reading"][k]), signed(&j["paired_library_minus_without_llm"][k]));
    }
    md += &format!("| HR@10 with the request (ratio to without) | {} | {} | {} | {} |\n", hr(&j["library"]), if j["margin_0"].is_null() { "—".into() } else { hr(&j["margin_0"]) }, hr(&j["without_llm"]), super::signed_ci_cell(&j["paired_library_minus_without_llm"]["hr10"]));
    for (key, name) in super::CANDIDATES {
        if !j[key].is_null() {
            let (c, d) = (&j[key]["reading"], &j[format!("paired_library_minus_{key}")]);
            md += &format!(
                "\nWith {name}: genre F1 {}, direct {}, indirect {}; HR@10 {}. The library minus it, paired: genre F1 {}, direct {}, indirect {}; HR@10 {}.\n",
                cell(&c["genre_f1"]), cell(&c["genre_f1_wording0"]), cell(&c["genre_f1_wording2"]), hr(&j[key]), signed(&d["genre_f1"]), signed(&d["genre_f1_wording0"]), signed(&d["genre_f1_wording2"]), super::signed_ci_cell(&d["hr10"])
            );
        }
    }
    md += "\nIndirect wordings the library reads worst:\n\n| genre | wording | requests | genre F1: library / without the LLM | read as |\n|---|---|---|---|---|\n";
    let mut worst: Vec<&serde_json::Value> = j["per_wording"].as_array().into_iter().flatten().filter(|x| x["kind"] == "indirect").collect();
    worst.sort_by(|a, b| a["genre_f1_library"].as_f64().unwrap_or(0.0).total_cmp(&b["genre_f1_library"].as_f64().unwrap_or(0.0)));
    for x in worst.iter().take(12) {
        md += &format!("| {} | {} | {} | {:.2} / {:.2} | {} |\n", x["genre"].as_str().unwrap_or_default(), x["wording"].as_str().unwrap_or_default(), x["requests"], x["genre_f1_library"].as_f64().unwrap_or(0.0), x["genre_f1_without_llm"].as_f64().unwrap_or(0.0), x["read_as"].as_str().unwrap_or_default());
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule drops what training or an earlier evaluation saw, and keeps
    /// enough of each kind for every genre.
    #[test]
    fn blind_wordings_are_held_out() {
        assert_eq!(BLIND_GENRE_WORDINGS.len(), 180);
        // "a comedy" is a templated wording; "zombies" a Horror training word.
        assert!(dropped_because("Comedy", D, "a comedy", &[]).is_some());
        assert!(dropped_because("Horror", I, "something with zombies", &[]).is_some_and(|w| w.contains("zombies")));
        assert!(dropped_because("Comedy", D, "some comedies", &[]).is_none());
        // A word another genre's training wordings use is not the genre's cue.
        assert!(dropped_because("Crime", I, "something about bootleggers and racketeers", &[]).is_none());
        assert!(dropped_because("Comedy", D, "some comedies", BLIND_GENRE_WORDINGS).is_some_and(|w| w.contains("earlier")));
        let kept = held_out(BLIND_GENRE_WORDINGS, &[]);
        let sixth = held_out(BLIND_GENRE_WORDINGS_6, BLIND_GENRE_WORDINGS);
        assert_eq!(BLIND_GENRE_WORDINGS_6.len(), 180);
        // The seventh: none repeats an earlier set's wording or an example phrase.
        let earlier = before_seventh();
        let seventh = held_out(BLIND_GENRE_WORDINGS_7, &earlier);
        assert_eq!(BLIND_GENRE_WORDINGS_7.len(), 216);
        assert_eq!((seventh.iter().filter(|w| w.1 == D).count(), seventh.iter().filter(|w| w.1 == I).count()), (33, 74));
        let norm = |t: &str| words(t).join(" ");
        assert!(seventh.iter().all(|w| earlier.iter().all(|e| norm(e.2) != norm(w.2))));
        // The eighth (unread until its pre-registered run): likewise after the seventh.
        let before = before_eighth();
        assert_eq!(BLIND_GENRE_WORDINGS_8.len(), 216);
        assert!(held_out(BLIND_GENRE_WORDINGS_8, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        // The ninth (unread until its pre-registered run): likewise after the eighth.
        let before = before_ninth();
        assert_eq!(BLIND_GENRE_WORDINGS_9.len(), 216);
        assert!(held_out(BLIND_GENRE_WORDINGS_9, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        for (genre, _) in GENRE_WORDS {
            assert!(kept.iter().any(|w| w.0 == *genre && w.1 == D) && kept.iter().any(|w| w.0 == *genre && w.1 == I), "{genre}");
            assert!(sixth.iter().any(|w| w.0 == *genre), "{genre}");
            assert!(seventh.iter().any(|w| w.0 == *genre), "{genre}");
        }
        for w in kept.iter().chain(&sixth).chain(&seventh).filter(|w| w.1 == I) {
            let trained: Vec<String> = TRAIN_WORDINGS.iter().filter(|t| t.0 == w.0).flat_map(|t| t.1.iter().flat_map(|x| words(x))).collect();
            assert!(words(w.2).iter().filter(|x| !is_stop(x)).all(|x| !trained.contains(x)), "{w:?}");
        }
    }
}
